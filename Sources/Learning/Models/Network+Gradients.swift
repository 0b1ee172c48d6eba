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
        // Per hidden unit and row, what the ReLU and dropout multiply it by: 0, or 1 / keep.
        var gates: [[Float]] = []
        var last: [Float] = []
        for (index, layer) in layers.enumerated() {
            let pre = Network.affine(activations[index], rows: rows, layer: layer)
            guard index < layers.count - 1 else {
                last = pre
                break
            }
            let gate = Self.gate(pre, dropout: dropout, random: &random)
            var next = pre
            VectorLoops.multiply(gate, into: &next)
            gates.append(gate)
            activations.append(next)
        }
        let outputs = layers[layers.count - 1].outputs
        var probabilities = last
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
            delta.withUnsafeBufferPointer { delta in
                biasGradient.withUnsafeMutableBufferPointer { bias in
                    for row in 0..<rows {
                        VectorLoops.add(
                            delta.baseAddress! + row * layer.outputs, into: bias.baseAddress!, count: layer.outputs)
                    }
                }
            }
            gradients[2 * index] = weightGradient
            gradients[2 * index + 1] = biasGradient
            if index > 0 {
                var upstream = [Float](repeating: 0, count: rows * layer.inputs)
                BLAS.gemm(delta, layer.weights, into: &upstream, m: rows, n: layer.inputs, k: layer.outputs)
                VectorLoops.multiply(gates[index - 1], into: &upstream)
                delta = upstream
            }
        }
        return (gradients, loss)
    }

    /// 0 where `pre` is not positive (the ReLU), else 1 / keep or, with probability `dropout`, 0.
    /// Each random draw gives two units their 24-bit uniforms.
    private static func gate(_ pre: [Float], dropout: Float, random: inout SeededRandom) -> [Float] {
        var gate = [Float](repeating: 1, count: pre.count)
        gate.withUnsafeMutableBufferPointer { gate in
            if dropout > 0 {
                let kept = 1 / (1 - dropout), threshold = UInt64((1 - dropout) * Float(1 << 24))
                var i = 0
                while i < gate.count {
                    let bits = random.next()
                    gate[i] = bits >> 40 < threshold ? kept : 0
                    if i + 1 < gate.count { gate[i + 1] = (bits >> 8) & 0xFF_FFFF < threshold ? kept : 0 }
                    i += 2
                }
            }
            pre.withUnsafeBufferPointer { pre in
                for i in 0..<gate.count where !(pre[i] > 0) { gate[i] = 0 }
            }
        }
        return gate
    }

    /// `‖W‖²` over every layer's weights (not the biases).
    var squaredWeights: Float {
        layers.reduce(0) { total, layer in total + layer.weights.reduce(0) { $0 + $1 * $1 } }
    }
}
