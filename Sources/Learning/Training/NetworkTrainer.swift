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
        network.gradients(
            inputs: inputs, targets: targets, weights: weights, rows: rows, l2: l2, dropout: dropout, random: &random)
    }

    /// The L2 term of the objective, `l2 / 2 · ‖W‖²` over every layer's weights.
    var penalty: Float { l2 / 2 * network.squaredWeights }

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
