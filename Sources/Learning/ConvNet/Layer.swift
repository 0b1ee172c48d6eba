/// A learned tensor and its gradient, accumulated over a batch until the optimiser steps.
final class Parameter {
    /// The values, in PyTorch's layout for the layer (convolution weights `out × in × kh × kw`).
    var values: [Float]
    /// ∂loss/∂values over the batches since ``clearGradient()``.
    var gradient: [Float]
    /// Whether weight decay applies (weights: yes; biases and batch-norm scales: no).
    let decays: Bool

    init(_ values: [Float], decays: Bool) {
        self.values = values
        self.gradient = [Float](repeating: 0, count: values.count)
        self.decays = decays
    }

    func clearGradient() {
        gradient.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
    }
}

/// Whether a forward pass trains (batch statistics, dropout, caches for the backward pass),
/// trains with batch norm's running statistics held fixed (fine-tuning on small data: dropout and
/// caches, but the statistics neither used from the batch nor updated), or predicts (running
/// statistics, no dropout, nothing kept).
enum PassMode {
    case training
    case frozenStatistics
    case inference

    /// Whether the pass keeps what a backward pass needs, and drops out.
    var trains: Bool { self != .inference }
}

/// One stage of a convolutional network. A forward pass in ``PassMode/training`` keeps what the
/// backward pass needs; the backward pass adds its parameters' gradients and returns the
/// gradient with respect to its input. Batches are `batch × input.count` values, sample after
/// sample, each `channels × height × width` row-major.
protocol Layer: AnyObject {
    /// The shape of one sample it takes.
    var input: MapShape { get }
    /// The shape of one sample it gives.
    var output: MapShape { get }
    /// Its learned tensors, in the model file's order.
    var parameters: [Parameter] { get }
    /// Its tensors that are not learned by gradient (batch-norm running statistics), in the model
    /// file's order after the parameters.
    var statistics: [Parameter] { get }

    func forward(_ x: consuming [Float], batch: Int, mode: PassMode, random: inout SeededRandom) -> [Float]
    func backward(_ gradient: consuming [Float], batch: Int) -> [Float]
}

extension Layer {
    var parameters: [Parameter] { [] }
    var statistics: [Parameter] { [] }
}

/// PyTorch's default initialisation of convolution and linear layers (`kaiming_uniform_` with
/// a = √5, which is U(−1/√fan_in, 1/√fan_in), and the same bound for the bias).
func pytorchUniform(count: Int, fanIn: Int, random: inout SeededRandom) -> [Float] {
    let bound = 1 / Float(max(1, fanIn)).squareRoot()
    return (0..<count).map { _ in (2 * random.unit() - 1) * bound }
}
