import Foundation

/// Mini-batch gradient steps on a ``Network``: forward pass with dropout, backpropagation through
/// CBLAS products, L2, and ``Optimizer`` updates. One per fold: it owns the optimiser's state.
struct NetworkTrainer {
    private(set) var network: Network
    let l2: Float
    let dropout: Float
    private var optimizer: Optimizer

    init(network: Network, optimizer: OptimizerKind, l2: Float, dropout: Float) {
        self.network = network
        self.l2 = l2
        self.dropout = dropout
        // Weights then bias of each layer.
        self.optimizer = Optimizer(optimizer, sizes: network.layers.flatMap { [$0.weights.count, $0.bias.count] })
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

        let (loss, outputDelta) = OutputLoss.gradient(
            probabilities, targets: targets, weights: weights, rows: rows, classes: outputs, network.output)
        var delta = outputDelta

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

    /// The L2 term of the objective, `l2 / 2 · ‖W‖²` over every layer's weights.
    var penalty: Float {
        l2 / 2 * network.layers.reduce(0) { total, layer in total + layer.weights.reduce(0) { $0 + $1 * $1 } }
    }

    /// One optimiser step: slot `2i` is layer i's weights, `2i + 1` its bias.
    private mutating func update(_ gradients: [[Float]], rate: Float) {
        optimizer.beginStep()
        for (slot, gradient) in gradients.enumerated() {
            let layer = slot / 2
            gradient.withUnsafeBufferPointer { g in
                if slot % 2 == 1 {
                    network.layers[layer].bias.withUnsafeMutableBufferPointer {
                        optimizer.update(slot, $0, g, rate: rate)
                    }
                } else {
                    network.layers[layer].weights.withUnsafeMutableBufferPointer {
                        optimizer.update(slot, $0, g, rate: rate)
                    }
                }
            }
        }
    }
}
