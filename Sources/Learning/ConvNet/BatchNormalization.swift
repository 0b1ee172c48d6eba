import Foundation

/// Batch normalisation per channel over the batch and both map axes, as PyTorch's `BatchNorm2d`
/// (and `BatchNorm1d` on dense features, which are channels of 1 × 1): ε = 1e-5, momentum 0.1,
/// normalised by the biased batch variance while training, the running variance updated with the
/// unbiased one, and the running statistics used for inference (and, held fixed, for fine-tuning:
/// ``PassMode/frozenStatistics``).
final class BatchNormalization: Layer {
    let input: MapShape
    var output: MapShape { input }
    let scale: Parameter
    let shift: Parameter
    let runningMean: Parameter
    let runningVariance: Parameter
    private let epsilon: Float
    private let momentum: Float
    private var normalized: [Float] = []
    private var inverseDeviation: [Float] = []
    /// Whether the last forward pass normalised with the running statistics (their gradient
    /// through the batch mean and variance is then zero).
    private var frozen = false

    var parameters: [Parameter] { [scale, shift] }
    var statistics: [Parameter] { [runningMean, runningVariance] }

    /// PyTorch's defaults; TensorFlow's layers (musicnn's) use ε = 1e-3 and a running-statistics
    /// momentum of 0.99, which is PyTorch's 0.01.
    init(input: MapShape, epsilon: Float = 1e-5, momentum: Float = 0.1) {
        self.input = input
        self.epsilon = epsilon
        self.momentum = momentum
        let channels = input.channels
        scale = Parameter([Float](repeating: 1, count: channels), decays: false)
        shift = Parameter([Float](repeating: 0, count: channels), decays: false)
        runningMean = Parameter([Float](repeating: 0, count: channels), decays: false)
        runningVariance = Parameter([Float](repeating: 1, count: channels), decays: false)
    }

    func forward(_ x: consuming [Float], batch: Int, mode: PassMode, random: inout SeededRandom) -> [Float] {
        let area = input.area, count = Float(batch * area)
        let training = mode == .training, keeps = mode.trains
        // The output overwrites the input, which the layer owns: each map is read before it is written.
        var y = x
        var normalized = [Float](repeating: 0, count: keeps ? y.count : 0)
        var inverseDeviation = [Float](repeating: 0, count: input.channels)
        var means = runningMean.values, variances = runningVariance.values
        y.withUnsafeMutableBufferPointer { y in
            let x = UnsafeBufferPointer(y)
            normalized.withUnsafeMutableBufferPointer { normalized in
                for channel in 0..<input.channels {
                    var mean = means[channel], variance = variances[channel]
                    func map(_ sample: Int) -> Int { (sample * input.channels + channel) * area }
                    if training {
                        // Two passes, each map summed in float lanes and the maps in Double:
                        // one-pass sums lose the variance of large dB values.
                        var sum = 0.0
                        for sample in 0..<batch {
                            sum += VectorLoops.sums(x.baseAddress! + map(sample), count: area, center: 0).sum
                        }
                        mean = Float(sum / Double(count))
                        var squares = 0.0
                        for sample in 0..<batch {
                            squares +=
                                VectorLoops.sums(x.baseAddress! + map(sample), count: area, center: mean)
                                .squares
                        }
                        variance = Float(squares / Double(count))
                        let unbiased = count > 1 ? Float(squares / Double(count - 1)) : variance
                        means[channel] = (1 - momentum) * means[channel] + momentum * mean
                        variances[channel] = (1 - momentum) * variances[channel] + momentum * unbiased
                    }
                    let inverse = 1 / (variance + epsilon).squareRoot()
                    for sample in 0..<batch {
                        VectorLoops.normalize(
                            x.baseAddress! + map(sample), count: area, mean: mean, inverse: inverse,
                            scale: scale.values[channel], shift: shift.values[channel],
                            y: y.baseAddress! + map(sample),
                            z: keeps ? normalized.baseAddress! + map(sample) : nil)
                    }
                    inverseDeviation[channel] = inverse
                }
            }
        }
        if training {
            runningMean.values = means
            runningVariance.values = variances
        }
        if keeps {
            self.normalized = normalized
            self.inverseDeviation = inverseDeviation
            frozen = !training
        }
        return y
    }

    func backward(_ gradient: consuming [Float], batch: Int) -> [Float] {
        let area = input.area, count = Float(batch * area)
        // ∂input overwrites ∂output, which the layer owns: a channel's sums come before its writes.
        var dx = gradient
        var scaleGradient = scale.gradient, shiftGradient = shift.gradient
        let gamma = scale.values, inverseDeviation = self.inverseDeviation
        dx.withUnsafeMutableBufferPointer { dx in
            let dy = UnsafeBufferPointer(dx)
            normalized.withUnsafeBufferPointer { z in
                for channel in 0..<input.channels {
                    func map(_ sample: Int) -> Int { (sample * input.channels + channel) * area }
                    var sum: Float = 0, dot: Float = 0
                    for sample in 0..<batch {
                        let part = VectorLoops.dots(
                            dy.baseAddress! + map(sample), z.baseAddress! + map(sample), count: area)
                        sum += part.sum
                        dot += part.dot
                    }
                    shiftGradient[channel] += sum
                    scaleGradient[channel] += dot
                    // dx = γ/σ · (dy − mean(dy) − ẑ · mean(dy · ẑ)); with frozen statistics dx = γ/σ · dy.
                    let factor = gamma[channel] * inverseDeviation[channel]
                    for sample in 0..<batch {
                        VectorLoops.normalizationGradient(
                            dy.baseAddress! + map(sample), z.baseAddress! + map(sample), count: area,
                            factor: factor, meanGradient: frozen ? 0 : sum / count, meanDot: frozen ? 0 : dot / count,
                            dx: dx.baseAddress! + map(sample))
                    }
                }
            }
        }
        scale.gradient = scaleGradient
        shift.gradient = shiftGradient
        return dx
    }
}
