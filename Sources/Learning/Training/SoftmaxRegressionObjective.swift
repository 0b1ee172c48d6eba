import Foundation

/// What L-BFGS minimises for softmax (or per-class logistic) regression on fixed, standardised
/// rows: the weighted mean cross-entropy plus `l2 / 2 · ‖W‖²`, with its gradient. The parameters
/// are `classes × columns` weights, row-major, then `classes` biases.
///
/// The loss comes from the log-sum-exp of each row's logits (one logarithm per row, and none for a
/// class whose target is 0), the same value scikit-learn's multinomial loss computes; the logits
/// buffer is kept between calls and turned into the output gradient in place. Validation rows
/// after the training rows share the first product, and each evaluation scores them too.
struct SoftmaxRegressionObjective {
    private let inputs: [Float]
    private let targets: [Float]
    /// Each row's weight over the total weight.
    private let shares: [Float]
    private let rows: Int, columns: Int, classes: Int
    private let validationTargets: [Float]
    private let l2: Float
    private let output: OutputActivation
    private var logits: [Float]
    /// The validation rows' loss and accuracy at the point evaluated last; nil without such rows.
    private(set) var validationScore: (loss: Float, accuracy: Float)?

    /// The objective over the first `rows` rows of `inputs` (`columns` values each) with
    /// `rows × classes` soft `targets` and a loss weight per row; the rows after them are
    /// validation rows with `validationTargets`.
    init(
        inputs: [Float], targets: [Float], weights: [Float], rows: Int, validationTargets: [Float] = [],
        columns: Int, classes: Int, l2: Float, output: OutputActivation
    ) {
        let total = max(weights.reduce(0, +), .leastNormalMagnitude)
        self.inputs = inputs
        self.targets = targets
        shares = weights.map { $0 / total }
        self.rows = rows
        self.validationTargets = validationTargets
        self.columns = columns
        self.classes = classes
        self.l2 = l2
        self.output = output
        logits = [Float](repeating: 0, count: inputs.count / max(1, columns) * classes)
    }

    /// The number of parameters: weights then biases.
    var parameterCount: Int { classes * columns + classes }

    /// The objective's value at `parameters` (summed in double) and its gradient.
    mutating func evaluate(_ parameters: [Float]) -> (value: Double, gradient: [Float]) {
        let size = classes * columns
        // The weight part starts as W: the second product adds δᵀ·X to l2 · W in place.
        var gradient = parameters
        var loss = 0.0
        let (rows, columns, classes, l2, output) = (rows, columns, classes, l2, output)
        let scored = logits.count / classes
        logits.withUnsafeMutableBufferPointer { logits in
            parameters.withUnsafeBufferPointer { parameters in
                for row in 0..<scored {
                    (logits.baseAddress! + row * classes).update(from: parameters.baseAddress! + size, count: classes)
                }
                BLAS.gemm(
                    inputs, parameters.baseAddress!, transposeB: true, into: logits.baseAddress!, m: scored,
                    n: classes, k: columns, beta: 1)
            }
            if scored > rows {
                var probabilities = Array(logits[(rows * classes)...])
                Network.activate(&probabilities, rows: scored - rows, columns: classes, output)
                validationScore = Validation.score(
                    probabilities, validationTargets, classes: classes, multiLabel: output == .sigmoid)
            }
            targets.withUnsafeBufferPointer { targets in
                for row in 0..<rows {
                    let z = logits.baseAddress! + row * classes, t = targets.baseAddress! + row * classes
                    // Turned into share · (p − t), the gradient of the row's loss at its logits.
                    loss += Double(
                        output == .softmax
                            ? Self.softmax(z, targets: t, classes: classes, share: shares[row])
                            : Self.sigmoid(z, targets: t, classes: classes, share: shares[row]))
                }
            }
            gradient.withUnsafeMutableBufferPointer { gradient in
                BLAS.gemm(
                    logits.baseAddress!, transposeA: true, inputs, into: gradient.baseAddress!, m: classes, n: columns,
                    k: rows, beta: l2)
                let bias = gradient.baseAddress! + size
                bias.update(repeating: 0, count: classes)
                for row in 0..<rows { VectorLoops.add(logits.baseAddress! + row * classes, into: bias, count: classes) }
            }
        }
        let squares = BLAS.dot(parameters, parameters, count: size)
        return (loss + Double(l2) / 2 * squares, gradient)
    }

    /// Turns one row's logits into `share · (p − t)` for its softmax probabilities `p`, in place;
    /// returns the row's cross-entropy `Σ t · (log Σ exp z − z)` times `share`.
    private static func softmax(
        _ z: UnsafeMutablePointer<Float>, targets t: UnsafePointer<Float>, classes: Int, share: Float
    ) -> Float {
        let (targetLogits, targetSum) = VectorMath.weightedSum(t, z, count: classes)
        let (peak, sum) = VectorMath.exponentiate(z, count: classes)
        let scale = share / sum
        for j in 0..<classes { z[j] = z[j] * scale - share * t[j] }
        return share * (targetSum * logf(sum) - (targetLogits - peak * targetSum))
    }

    /// Turns one row's logits into `share · (p − t)` for its sigmoid probabilities `p`, in place;
    /// returns the row's binary cross-entropy `Σ softplus(z) − t · z` times `share`.
    private static func sigmoid(
        _ z: UnsafeMutablePointer<Float>, targets t: UnsafePointer<Float>, classes: Int, share: Float
    ) -> Float {
        var loss: Float = 0
        for j in 0..<classes {
            let e = expf(-abs(z[j]))
            loss += max(z[j], 0) + log1pf(e) - t[j] * z[j]
            let p = z[j] >= 0 ? 1 / (1 + e) : e / (1 + e)
            z[j] = share * (p - t[j])
        }
        return share * loss
    }
}
