import Foundation

/// The loss a network's output is trained on: cross-entropy of softmax outputs, or binary
/// cross-entropy of sigmoid outputs, against soft targets, weighted per row.
enum OutputLoss {
    /// The weighted mean loss of `probabilities` (`rows × classes`) and its gradient with respect
    /// to the logits they came from.
    static func gradient(
        _ probabilities: [Float], targets: [Float], weights: [Float], rows: Int, classes outputs: Int,
        _ output: OutputActivation
    ) -> (loss: Float, delta: [Float]) {
        let totalWeight = max(weights.reduce(0, +), .leastNormalMagnitude)
        var loss: Float = 0
        var delta = [Float](repeating: 0, count: rows * outputs)
        for row in 0..<rows {
            let share = weights[row] / totalWeight
            for j in 0..<outputs {
                let i = row * outputs + j
                let p = min(max(probabilities[i], 1e-7), 1 - 1e-7), t = targets[i]
                switch output {
                case .softmax: loss -= share * t * logf(p)
                case .sigmoid: loss -= share * (t * logf(p) + (1 - t) * logf(1 - p))
                }
                // Softmax with cross-entropy and sigmoid with binary cross-entropy share this gradient.
                delta[i] = share * (probabilities[i] - t)
            }
        }
        return (loss, delta)
    }
}
