/// Pools each channel's whole map to one value (its mean, its maximum, or both, the means
/// first): what turns feature maps of any length into the head's input.
final class GlobalPooling: Layer {
    /// Which summaries each channel gives.
    enum Kind: String, Sendable {
        case average
        case max
        /// The mean and the maximum: twice the channels.
        case both = "average+max"
    }

    let input: MapShape
    let kind: Kind
    private var sources: [Int] = []

    var output: MapShape {
        MapShape(channels: input.channels * (kind == .both ? 2 : 1), height: 1, width: 1)
    }

    init(input: MapShape, kind: Kind) {
        self.input = input
        self.kind = kind
    }

    func forward(_ x: consuming [Float], batch: Int, mode: PassMode, random: inout SeededRandom) -> [Float] {
        let area = input.area, channels = input.channels, width = output.channels
        var y = [Float](repeating: 0, count: batch * width)
        var sources = [Int](repeating: 0, count: mode.trains && kind != .average ? batch * channels : 0)
        x.withUnsafeBufferPointer { x in
            for sample in 0..<batch {
                for channel in 0..<channels {
                    let base = (sample * channels + channel) * area
                    var sum: Float = 0, best = -Float.infinity, source = base
                    for i in base..<(base + area) {
                        sum += x[i]
                        if x[i] > best || x[i].isNaN {
                            best = x[i]
                            source = i
                        }
                    }
                    switch kind {
                    case .average: y[sample * width + channel] = sum / Float(area)
                    case .max: y[sample * width + channel] = best
                    case .both:
                        y[sample * width + channel] = sum / Float(area)
                        y[sample * width + channels + channel] = best
                    }
                    if !sources.isEmpty { sources[sample * channels + channel] = source }
                }
            }
        }
        if mode.trains { self.sources = sources }
        return y
    }

    func backward(_ gradient: consuming [Float], batch: Int) -> [Float] {
        let area = input.area, channels = input.channels, width = output.channels
        var dx = [Float](repeating: 0, count: batch * input.count)
        for sample in 0..<batch {
            for channel in 0..<channels {
                let base = (sample * channels + channel) * area
                if kind != .max {
                    let share = gradient[sample * width + channel] / Float(area)
                    for i in base..<(base + area) { dx[i] += share }
                }
                if kind != .average {
                    let column = kind == .both ? channels + channel : channel
                    dx[sources[sample * channels + channel]] += gradient[sample * width + column]
                }
            }
        }
        return dx
    }
}
