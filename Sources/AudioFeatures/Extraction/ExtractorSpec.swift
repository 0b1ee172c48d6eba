import Crypto
import Foundation

/// The extractors Tagmine knows.
public enum ExtractorKind: String, Sendable, Codable, CaseIterable {
    /// The log-mel spectrogram, `mels × frames` dB values.
    case logmel
    /// One vector per clip: per mel band the mean and standard deviation of the log-mel spectrogram,
    /// then of its first difference along time (`4 × mels` values, 512 with librosa's defaults).
    case logmelStats = "logmel-stats"
    /// One vector per clip from the pretrained musicnn tagger trained on the Million Song Dataset:
    /// the means over 3-second patches of its 50 tag probabilities, penultimate layer, mean pool
    /// and max pool (1,756 values). Runs in the `Pretrained` module once `tagmine models install musicnn-msd` has run.
    case musicnnMSD = "musicnn-msd"
    /// The same from the musicnn tagger trained on MagnaTagATune.
    case musicnnMTT = "musicnn-mtt"

    /// The version of this extractor's algorithm; it changes whenever its output would.
    public var version: Int { 1 }

    /// Whether a pretrained network computes it (its input spectrogram is fixed).
    public var isPretrained: Bool { self == .musicnnMSD || self == .musicnnMTT }
}

extension MelParameters {
    /// musicnn's input spectrogram: 16 kHz, n_fft 512, hop 256, 96 Slaney mels (power, no decibels).
    public static var musicnnInput: MelParameters {
        var parameters = MelParameters()
        parameters.sampleRate = 16_000
        parameters.nFFT = 512
        parameters.hop = 256
        parameters.mels = 96
        return parameters
    }
}

/// A named, versioned parameter set: what a feature row was computed with, stored beside it.
///
/// ```swift
/// var spec = ExtractorSpec(.logmelStats)
/// spec.mel.mels = 64
/// print(spec.parametersHash)      // keys the feature cache
/// ```
public struct ExtractorSpec: Sendable, Equatable, Codable {
    /// Which extractor.
    public var kind: ExtractorKind
    /// The algorithm version (``ExtractorKind/version`` when made).
    public var version: Int
    /// The spectrogram parameters.
    public var mel: MelParameters
    /// How much of each file is decoded.
    public var decode: DecodeOptions

    /// The extractor `kind` with librosa's defaults and the first 30 seconds of each file. A
    /// pretrained kind always gets its network's input parameters, whatever `mel` says.
    public init(_ kind: ExtractorKind, mel: MelParameters = MelParameters(), decode: DecodeOptions = DecodeOptions()) {
        self.kind = kind
        self.version = kind.version
        self.mel = kind.isPretrained ? .musicnnInput : mel
        self.decode = decode
    }

    /// The extractor's name (`logmel`, `logmel-stats`).
    public var name: String { kind.rawValue }

    /// The spec as canonical JSON (sorted keys): what the store keeps with every feature row.
    public var canonicalJSON: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding plain numbers, strings and enums cannot fail.
        return (try? String(decoding: encoder.encode(self), as: UTF8.self)) ?? ""
    }

    /// 16 hex digits of the SHA-256 of ``canonicalJSON``: equal for equal parameters, different otherwise.
    public var parametersHash: String {
        SHA256.hash(data: Data(canonicalJSON.utf8)).prefix(8).map { String(format: "%02x", $0) }.joined()
    }
}
