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

    /// The gradients of the weighted mean loss plus `l2 / 2 · ‖W‖²` (weights then bias, per layer) and the loss.
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
            loss += l2 / 2 * layer.weights.reduce(0) { $0 + $1 * $1 }
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

    /// Adam (or AMSGrad) with β₁ = 0.9, β₂ = 0.999, ε = 1e-8.
    private mutating func update(_ gradients: [[Float]], rate: Float) {
        step += 1
        let beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8
        let correction1 = 1 - powf(beta1, Float(step)), correction2 = 1 - powf(beta2, Float(step))
        for (slot, gradient) in gradients.enumerated() {
            let layer = slot / 2, isBias = slot % 2 == 1
            var parameters = isBias ? network.layers[layer].bias : network.layers[layer].weights
            for i in gradient.indices {
                let g = gradient[i]
                first[slot][i] = beta1 * first[slot][i] + (1 - beta1) * g
                second[slot][i] = beta2 * second[slot][i] + (1 - beta2) * g * g
                var v = second[slot][i]
                if optimizer == .amsgrad {
                    secondMax[slot][i] = max(secondMax[slot][i], v)
                    v = secondMax[slot][i]
                }
                parameters[i] -= rate * (first[slot][i] / correction1) / ((v / correction2).squareRoot() + epsilon)
            }
            if isBias { network.layers[layer].bias = parameters } else { network.layers[layer].weights = parameters }
        }
    }
}
