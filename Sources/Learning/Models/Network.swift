import Foundation

/// One fully connected layer: `outputs × inputs` weights (row-major) and `outputs` biases.
struct DenseLayer: Sendable, Equatable {
    var inputs: Int
    var outputs: Int
    var weights: [Float]
    var bias: [Float]
}

/// How a network turns its last layer into probabilities.
public enum OutputActivation: String, Sendable, Codable {
    /// One class per track: probabilities that sum to 1.
    case softmax
    /// Any number of classes per track: an independent probability per class.
    case sigmoid
}

/// Dense layers with ReLU between them and a softmax or sigmoid output; no hidden layer is
/// softmax (or per-class logistic) regression.
struct Network: Sendable, Equatable {
    var layers: [DenseLayer]
    var output: OutputActivation

    /// A freshly initialised network: He-uniform weights before ReLU, Glorot-uniform for the
    /// output layer, zero biases.
    init(inputs: Int, hidden: [Int], outputs: Int, output: OutputActivation, random: inout SeededRandom) {
        let widths = [inputs] + hidden + [outputs]
        layers = (0..<(widths.count - 1)).map { index in
            let fanIn = widths[index], fanOut = widths[index + 1]
            let last = index == widths.count - 2
            let limit = last ? (6 / Float(fanIn + fanOut)).squareRoot() : (6 / Float(fanIn)).squareRoot()
            let weights = (0..<(fanIn * fanOut)).map { _ in (2 * random.unit() - 1) * limit }
            return DenseLayer(
                inputs: fanIn, outputs: fanOut, weights: weights, bias: [Float](repeating: 0, count: fanOut))
        }
        self.output = output
    }

    init(layers: [DenseLayer], output: OutputActivation) {
        self.layers = layers
        self.output = output
    }

    /// Probabilities (`rows × outputs`) for `rows` standardised inputs.
    func probabilities(_ inputs: [Float], rows: Int) -> [Float] {
        var activations = logits(inputs, rows: rows)
        Self.activate(&activations, rows: rows, columns: layers.last?.outputs ?? 0, output)
        return activations
    }

    /// The last layer's values before the output activation (`rows × outputs`).
    func logits(_ inputs: [Float], rows: Int) -> [Float] {
        var activations = inputs
        for (index, layer) in layers.enumerated() {
            var next = Self.affine(activations, rows: rows, layer: layer)
            if index < layers.count - 1 {
                for i in next.indices where next[i] < 0 { next[i] = 0 }
            }
            activations = next
        }
        return activations
    }

    /// `inputs · Wᵀ + b` for `rows` inputs.
    static func affine(_ inputs: [Float], rows: Int, layer: DenseLayer) -> [Float] {
        var out = [Float](repeating: 0, count: rows * layer.outputs)
        for row in 0..<rows {
            for j in 0..<layer.outputs { out[row * layer.outputs + j] = layer.bias[j] }
        }
        BLAS.gemm(
            inputs, layer.weights, transposeB: true, into: &out, m: rows, n: layer.outputs, k: layer.inputs, beta: 1)
        return out
    }

    /// Softmax per row (shifted by the row's maximum) or an elementwise sigmoid, in place.
    static func activate(_ values: inout [Float], rows: Int, columns: Int, _ output: OutputActivation) {
        switch output {
        case .sigmoid:
            for i in values.indices { values[i] = 1 / (1 + expf(-values[i])) }
        case .softmax:
            values.withUnsafeMutableBufferPointer { values in
                for row in 0..<rows {
                    let z = values.baseAddress! + row * columns
                    let sum = VectorMath.exponentiate(z, count: columns).sum
                    for i in 0..<columns { z[i] /= sum }
                }
            }
        }
    }
}
