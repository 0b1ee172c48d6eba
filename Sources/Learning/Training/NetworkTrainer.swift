import Foundation

/// Mini-batch gradient steps on a ``Network``: forward pass with dropout, backpropagation through
/// CBLAS products, L2, and Adam / AMSGrad updates. One per fold: it owns the optimiser's state.
struct NetworkTrainer {
    private(set) var network: Network
    let optimizer: OptimizerKind
    let l2: Float
    let dropout: Float
    private var first: [[Float]]
    private var second: [[Float]]
    private var secondMax: [[Float]]
    private var step = 0

    init(network: Network, optimizer: OptimizerKind, l2: Float, dropout: Float) {
        self.network = network
        self.optimizer = optimizer
        self.l2 = l2
        self.dropout = dropout
        // Weights then bias of each layer.
        let sizes = network.layers.flatMap { [$0.weights.count, $0.bias.count] }
        first = sizes.map { [Float](repeating: 0, count: $0) }
        second = first
        secondMax = first
    }

    /// One step on a batch of `rows` inputs with soft `targets` (`rows × outputs`, one-hot, multi-hot
    /// or mixed) and per-row `weights`; returns the batch's weighted mean loss before the step.
    mutating func step(
        inputs: [Float], targets: [Float], weights: [Float], rows: Int, rate: Float, random: inout SeededRandom
    ) -> Float {
        let (gradients, loss) = self.gradients(
            inputs: inputs, targets: targets, weights: weights, rows: rows, random: &random)
        update(gradients, rate: rate)
        return loss
    }

    /// The gradients of the weighted mean loss plus ``penalty`` (weights then bias, per layer), and the
    /// loss without the penalty (summing ‖W‖² every batch would cost as much as the update).
    func gradients(
        inputs: [Float], targets: [Float], weights: [Float], rows: Int, random: inout SeededRandom
    ) -> (gradients: [[Float]], loss: Float) {
        let layers = network.layers
        var activations = [inputs]
        var preActivations: [[Float]] = []
        var masks: [[Float]] = []
        let keep = 1 - dropout
        for (index, layer) in layers.enumerated() {
            let pre = Network.affine(activations[index], rows: rows, layer: layer)
            preActivations.append(pre)
            if index < layers.count - 1 {
                var mask = [Float](repeating: 1, count: pre.count)
                if dropout > 0 {
                    for i in mask.indices { mask[i] = random.unit() < keep ? 1 / keep : 0 }
                }
                var next = pre
                for i in next.indices { next[i] = next[i] > 0 ? next[i] * mask[i] : 0 }
                masks.append(mask)
                activations.append(next)
            }
        }
        let outputs = layers[layers.count - 1].outputs
        var probabilities = preActivations[preActivations.count - 1]
        Network.activate(&probabilities, rows: rows, columns: outputs, network.output)

        let totalWeight = max(weights.reduce(0, +), .leastNormalMagnitude)
        var loss: Float = 0
        var delta = [Float](repeating: 0, count: rows * outputs)
        for row in 0..<rows {
            let share = weights[row] / totalWeight
            for j in 0..<outputs {
                let i = row * outputs + j
                let p = min(max(probabilities[i], 1e-7), 1 - 1e-7), t = targets[i]
                switch network.output {
                case .softmax: loss -= share * t * logf(p)
                case .sigmoid: loss -= share * (t * logf(p) + (1 - t) * logf(1 - p))
                }
                // Softmax with cross-entropy and sigmoid with binary cross-entropy share this gradient.
                delta[i] = share * (probabilities[i] - t)
            }
        }

        var gradients = [[Float]](repeating: [], count: 2 * layers.count)
        for index in stride(from: layers.count - 1, through: 0, by: -1) {
            let layer = layers[index]
            var weightGradient = layer.weights
            // ∂/∂W = δᵀ · a + l2 · W
            BLAS.gemm(
                delta, transposeA: true, activations[index], into: &weightGradient, m: layer.outputs, n: layer.inputs,
                k: rows, beta: l2)
            var biasGradient = [Float](repeating: 0, count: layer.outputs)
            for row in 0..<rows {
                for j in 0..<layer.outputs { biasGradient[j] += delta[row * layer.outputs + j] }
            }
            gradients[2 * index] = weightGradient
            gradients[2 * index + 1] = biasGradient
            if index > 0 {
                var upstream = [Float](repeating: 0, count: rows * layer.inputs)
                BLAS.gemm(delta, layer.weights, into: &upstream, m: rows, n: layer.inputs, k: layer.outputs)
                let pre = preActivations[index - 1], mask = masks[index - 1]
                for i in upstream.indices { upstream[i] = pre[i] > 0 ? upstream[i] * mask[i] : 0 }
                delta = upstream
            }
        }
        return (gradients, loss)
    }

    /// Swaps slot `slot`'s parameters (layer `slot / 2`'s weights, or its bias for odd slots) and
    /// optimiser state with the given arrays.
    private mutating func exchange(
        _ slot: Int, _ parameters: inout [Float], _ m: inout [Float], _ v: inout [Float], _ peak: inout [Float]
    ) {
        if slot % 2 == 1 {
            swap(&parameters, &network.layers[slot / 2].bias)
        } else {
            swap(&parameters, &network.layers[slot / 2].weights)
        }
        swap(&m, &first[slot])
        swap(&v, &second[slot])
        swap(&peak, &secondMax[slot])
    }

    /// The L2 term of the objective, `l2 / 2 · ‖W‖²` over every layer's weights.
    var penalty: Float {
        l2 / 2 * network.layers.reduce(0) { total, layer in total + layer.weights.reduce(0) { $0 + $1 * $1 } }
    }

    /// Adam (or AMSGrad) with β₁ = 0.9, β₂ = 0.999, ε = 1e-8, over raw buffers: this loop runs once
    /// per parameter per batch, and array accessors in it cost more than the arithmetic.
    private mutating func update(_ gradients: [[Float]], rate: Float) {
        step += 1
        let beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8
        let inverse1 = 1 / (1 - powf(beta1, Float(step))), inverse2 = 1 / (1 - powf(beta2, Float(step)))
        let amsgrad = optimizer == .amsgrad
        for (slot, gradient) in gradients.enumerated() {
            // Moved out and back so no buffer is shared while it is written (no copy-on-write copies).
            var parameters: [Float] = [], m: [Float] = [], v: [Float] = [], peak: [Float] = []
            exchange(slot, &parameters, &m, &v, &peak)
            let count = gradient.count
            gradient.withUnsafeBufferPointer { g in
                parameters.withUnsafeMutableBufferPointer { p in
                    m.withUnsafeMutableBufferPointer { m in
                        v.withUnsafeMutableBufferPointer { v in
                            peak.withUnsafeMutableBufferPointer { peak in
                                // SIMD by hand: the compiler cannot prove the five buffers disjoint, so it
                                // would not vectorise the loop itself.
                                func load(_ buffer: UnsafeMutableBufferPointer<Float>, _ at: Int) -> SIMD8<Float> {
                                    UnsafeRawPointer(buffer.baseAddress! + at).loadUnaligned(as: SIMD8<Float>.self)
                                }
                                func store(
                                    _ value: SIMD8<Float>, _ buffer: UnsafeMutableBufferPointer<Float>, _ at: Int
                                ) {
                                    UnsafeMutableRawPointer(buffer.baseAddress! + at).storeBytes(
                                        of: value, as: SIMD8<Float>.self)
                                }
                                var i = 0
                                while i + 8 <= count {
                                    let gradient = UnsafeRawPointer(g.baseAddress! + i).loadUnaligned(
                                        as: SIMD8<Float>.self)
                                    let mean = beta1 * load(m, i) + (1 - beta1) * gradient
                                    let square = beta2 * load(v, i) + (1 - beta2) * gradient * gradient
                                    var denominator = square
                                    if amsgrad {
                                        denominator = pointwiseMax(load(peak, i), square)
                                        store(denominator, peak, i)
                                    }
                                    store(mean, m, i)
                                    store(square, v, i)
                                    store(
                                        load(p, i) - rate * (mean * inverse1)
                                            / ((denominator * inverse2).squareRoot() + epsilon),
                                        p, i)
                                    i += 8
                                }
                                while i < count {
                                    m[i] = beta1 * m[i] + (1 - beta1) * g[i]
                                    v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i]
                                    if amsgrad { peak[i] = max(peak[i], v[i]) }
                                    let denominator = amsgrad ? peak[i] : v[i]
                                    p[i] -= rate * (m[i] * inverse1) / ((denominator * inverse2).squareRoot() + epsilon)
                                    i += 1
                                }
                            }
                        }
                    }
                }
            }
            exchange(slot, &parameters, &m, &v, &peak)
        }
    }
}
