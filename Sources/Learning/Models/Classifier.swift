/// A trained head: standardisation, network and, for multi-label sets, per-class thresholds.
public struct Classifier: Sendable, Equatable {
    /// The class names, in output order.
    public var classes: [String]
    /// The standardisation fitted on the training rows.
    public var standardizer: Standardizer
    var network: Network
    /// Per-class decision thresholds of a multi-label head (`nil` for softmax heads).
    public var thresholds: [Float]?

    /// Whether the head gives independent per-class probabilities.
    public var multiLabel: Bool { network.output == .sigmoid }

    /// Class probabilities (`rows × classes`) for `rows` raw feature rows.
    public func probabilities(_ features: [Float], rows: Int) -> [Float] {
        network.probabilities(standardizer.transform(features), rows: rows)
    }
}

extension Classifier {
    /// The index of the most probable class in `probabilities` (the first of equals), or `nil` when
    /// there are none: the one definition of "predicted" every report, file and route uses.
    public static func mostProbable(_ probabilities: [Float]) -> Int? {
        probabilities.indices.max { probabilities[$0] < probabilities[$1] }
    }
}

extension Classifier {
    /// The first dense layer rewritten to take inputs standardised by `common` instead of this
    /// head's standardizer, with the same outputs: `W·diag(s/sₕ)` and `b + W·((m − mₕ)/sₕ)`.
    func firstLayer(standardizedBy common: Standardizer) -> DenseLayer {
        var layer = network.layers[0]
        let own = standardizer
        for output in 0..<layer.outputs {
            var shift: Float = 0
            for input in 0..<layer.inputs {
                let index = output * layer.inputs + input
                shift += layer.weights[index] * (common.mean[input] - own.mean[input]) / own.scale[input]
                layer.weights[index] *= common.scale[input] / own.scale[input]
            }
            layer.bias[output] += shift
        }
        return layer
    }
}
