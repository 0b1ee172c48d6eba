import Foundation

/// Fixed-length crops of log-mel spectrograms, standardised per band, with the augmentations
/// ``ConvolutionOptions`` turns on: what a CNN trains and predicts on.
struct SpectrogramCrops {
    let mels: Int
    /// Frames per crop.
    let frames: Int
    let standardizer: Standardizer

    /// The per-band mean and standard deviation over every frame of `data`'s tracks at `rows`.
    static func standardizer(_ data: LabeledData, rows: [Int]) -> Standardizer {
        let mels = data.sampleShape[0], width = data.sampleShape[1]
        var sum = [Double](repeating: 0, count: mels), squares = sum, count = 0.0
        data.features.withUnsafeBufferPointer { values in
            for row in rows {
                let length = data.frameCount(row), base = row * data.columns
                count += Double(length)
                for band in 0..<mels {
                    for frame in 0..<length { sum[band] += Double(values[base + band * width + frame]) }
                }
            }
            for row in rows {
                let length = data.frameCount(row), base = row * data.columns
                for band in 0..<mels {
                    let mean = sum[band] / max(1, count)
                    for frame in 0..<length {
                        let d = Double(values[base + band * width + frame]) - mean
                        squares[band] += d * d
                    }
                }
            }
        }
        return Standardizer(
            mean: sum.map { Float($0 / max(1, count)) },
            scale: squares.map { total in
                let deviation = (total / max(1, count)).squareRoot()
                return deviation > 1e-6 ? Float(deviation) : 1
            })
    }

    /// Writes a crop of `spectrogram` (`mels × width`, of which the first `length` frames are the
    /// clip) into `crop`: `frames` frames read from `start` (negative: the clip starts later in
    /// the crop) at `step` clip frames per crop frame (1 without stretch), linearly interpolated;
    /// frames outside the clip take `pad`; every value plus `gain` dB. Raw values: ``standardize(_:)`` follows.
    func crop(
        _ spectrogram: UnsafePointer<Float>, width: Int, length: Int, start: Double, step: Double, pad: Float,
        gain: Float, into crop: UnsafeMutablePointer<Float>
    ) {
        for frame in 0..<frames {
            let position = start + Double(frame) * step
            for band in 0..<mels {
                let line = spectrogram + band * width
                var value = pad
                if position >= 0 && position <= Double(length - 1) {
                    let left = Int(position), fraction = Float(position - Double(left))
                    value = left + 1 < length ? line[left] + fraction * (line[left + 1] - line[left]) : line[left]
                }
                crop[band * frames + frame] = value + gain
            }
        }
    }

    /// Standardises a crop per band, in place.
    func standardize(_ crop: UnsafeMutablePointer<Float>) {
        for band in 0..<mels {
            let mean = standardizer.mean[band], inverse = 1 / standardizer.scale[band]
            let line = crop + band * frames
            for frame in 0..<frames { line[frame] = (line[frame] - mean) * inverse }
        }
    }

    /// The crops prediction averages over for a clip of `length` frames: starts at half-crop
    /// steps, the last one ending at the clip's end; one centred crop for a clip no longer than a crop.
    func predictionStarts(length: Int) -> [Double] {
        guard length > frames else { return [Double(-((frames - length) / 2))] }
        let hop = max(1, frames / 2)
        var starts = Array(stride(from: 0, to: length - frames, by: hop))
        starts.append(length - frames)
        return starts.map(Double.init)
    }

    /// A training crop of a `length`-frame clip: its start and step, drawn as `options` allows.
    func trainingWindow(length: Int, options: ConvolutionOptions, random: inout SeededRandom) -> (
        start: Double, step: Double
    ) {
        var step = 1.0
        if options.stretch > 0 { step = 1 + Double(options.stretch) * Double(2 * random.unit() - 1) }
        let span = Double(frames) * step
        let slack = Double(length) - span
        guard options.shift else { return (slack / 2, step) }
        let offset = (Double(random.unit()) * (abs(slack) + 1)).rounded(.down)
        return (slack >= 0 ? offset : -offset, step)
    }

    /// White noise `decibels` below the crop's mean power, added in the power domain, to a raw
    /// (not yet standardised) crop.
    static func addNoise(_ crop: UnsafeMutablePointer<Float>, count: Int, decibels: Float, random: inout SeededRandom) {
        var power = 0.0
        for i in 0..<count { power += pow(10, Double(crop[i]) / 10) }
        let level = power / Double(max(1, count)) * pow(10, -Double(decibels) / 10)
        for i in 0..<count {
            let noise = level * Double(random.unit()) * 2
            crop[i] = Float(10 * log10(pow(10, Double(crop[i]) / 10) + noise))
        }
    }

    /// SpecAugment's masks on a standardised crop: masked values become 0, the band mean.
    func mask(_ crop: UnsafeMutablePointer<Float>, options: ConvolutionOptions, random: inout SeededRandom) {
        for _ in 0..<options.frequencyMasks where options.frequencyMaskBands > 0 {
            let width = Int(random.unit() * Float(min(options.frequencyMaskBands, mels) + 1))
            let first = Int(random.unit() * Float(mels - width + 1))
            for band in first..<(first + width) { (crop + band * frames).update(repeating: 0, count: frames) }
        }
        let widest = Int(options.timeMaskShare * Float(frames))
        for _ in 0..<options.timeMasks where widest > 0 {
            let width = Int(random.unit() * Float(widest + 1))
            let first = Int(random.unit() * Float(frames - width + 1))
            for band in 0..<mels {
                for frame in first..<(first + width) { crop[band * frames + frame] = 0 }
            }
        }
    }
}
