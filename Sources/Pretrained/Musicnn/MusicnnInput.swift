public import AudioFeatures
import Foundation

/// musicnn's input: 16 kHz audio, a librosa mel power spectrogram (n_fft 512, hop 256, 96 Slaney
/// mels), cast to float16 and compressed as `log10(10000·x + 1)` in float16 arithmetic, cut into
/// 3-second patches of 187 frames without overlap.
///
/// Two departures from the original, both where it has no answer: where `10000·x` overflows
/// float16 (mel power above 6.55, loud low tones) the original feeds infinity to the network and
/// its outputs become NaN-driven; here the value saturates at float16's largest, 65504. A clip
/// shorter than one patch, which the original refuses, is repeated up to 187 frames (the
/// "repeat-pad" its training used).
public struct MusicnnInput {
    /// The sample rate the network expects.
    public static let sampleRate = MelParameters.musicnnInput.sampleRate
    private let spectrogram: LogMelSpectrogram

    /// Prepares the spectrogram (FFT scratch space: one per task).
    public init() {
        spectrogram = LogMelSpectrogram(.musicnnInput)
    }

    /// The file at `path` decoded as `decode` says and resampled to 16 kHz, with what it held.
    public static func clip(_ path: String, decode: DecodeOptions) throws(AudioError) -> (
        clip: AudioClip, source: SourceInfo
    ) {
        let (decoded, source) = try AudioDecoder.decode(path, options: decode)
        let clip = try Resampler.resample(decoded, to: sampleRate, path: path)
        guard !clip.samples.isEmpty else { throw AudioError(.tooShort, path: path, "the file holds no samples") }
        return (clip, source)
    }

    /// The whole input spectrogram of `samples` (16 kHz mono): `96 × frames` compressed mel
    /// values, band after band (every value a float16, so a float16 feature cache keeps it exactly).
    public func spectrogram(_ samples: [Float]) -> FeatureMatrix {
        var mel = spectrogram.melPower(samples)
        for i in mel.values.indices { mel.values[i] = Self.compress(mel.values[i]) }
        return FeatureMatrix(rows: mel.rows, columns: mel.columns, values: mel.values)
    }

    /// The patches of `samples` (16 kHz mono), each `187 × 96` values, frame-major.
    public func patches(_ samples: [Float]) -> [[Float]] {
        let compressed = spectrogram(samples)
        let frames = compressed.columns, mels = compressed.rows
        let length = MusicnnArchitecture.patchFrames
        func patch(_ frameOf: (Int) -> Int) -> [Float] {
            var values = [Float](repeating: 0, count: length * mels)
            for t in 0..<length {
                for band in 0..<mels { values[t * mels + band] = compressed.values[band * frames + frameOf(t)] }
            }
            return values
        }
        if frames < length { return [patch { $0 % frames }] }
        return stride(from: 0, through: frames - length, by: length).map { start in patch { start + $0 } }
    }

    /// `log10(10000·x + 1)` the way numpy computes it on a float16 array: every step rounded to
    /// float16 (float32 holds each intermediate exactly, so rounding once per step matches).
    static func compress(_ power: Float) -> Float {
        var scaled = Float16(10_000) * Float16(power)
        if scaled.isInfinite { scaled = .greatestFiniteMagnitude }
        let shifted = scaled + Float16(1)
        return Float(Float16(log10(Float(shifted))))
    }
}
