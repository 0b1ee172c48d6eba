import Foundation

extension Network {
    /// The gradients of the weighted mean loss of `rows` inputs against soft `targets`, plus
    /// `l2 / 2 · ‖W‖²` (weights then bias, per layer), with `dropout` on the hidden activations; and
    /// the loss without the penalty.
    func gradients(
        inputs: [Float], targets: [Float], weights: [Float], rows: Int, l2: Float, dropout: Float,
        random: inout SeededRandom
    ) -> (gradients: [[Float]], loss: Float) {
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
        Network.activate(&probabilities, rows: rows, columns: outputs, output)

        let (loss, outputDelta) = OutputLoss.gradient(
            probabilities, targets: targets, weights: weights, rows: rows, classes: outputs, output)
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

    /// `‖W‖²` over every layer's weights (not the biases).
    var squaredWeights: Float {
        layers.reduce(0) { total, layer in total + layer.weights.reduce(0) { $0 + $1 * $1 } }
    }
}
