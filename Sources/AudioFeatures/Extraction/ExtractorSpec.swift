import Crypto
import Foundation

/// The extractors Tagmine knows.
public enum ExtractorKind: String, Sendable, Codable, CaseIterable {
    /// The log-mel spectrogram, `mels × frames` dB values.
    case logmel
    /// One vector per clip: per mel band the mean and standard deviation of the log-mel spectrogram,
    /// then of its first difference along time (`4 × mels` values, 512 with librosa's defaults).
    case logmelStats = "logmel-stats"

    /// The version of this extractor's algorithm; it changes whenever its output would.
    public var version: Int { 1 }
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

    /// The extractor `kind` with librosa's defaults and the first 30 seconds of each file.
    public init(_ kind: ExtractorKind, mel: MelParameters = MelParameters(), decode: DecodeOptions = DecodeOptions()) {
        self.kind = kind
        self.version = kind.version
        self.mel = mel
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
