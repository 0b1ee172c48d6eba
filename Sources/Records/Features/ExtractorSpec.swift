import Crypto
import Foundation

/// An extractor's name, as specs, the feature cache and the command line give it. The spectral
/// ones are defined here; other modules define theirs (`Pretrained`: `musicnn-msd`, `musicnn-mtt`)
/// and register how to make them in an ``ExtractorRegistry``.
public struct ExtractorKind: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    /// The name: `logmel`, `logmel-stats`, `musicnn-msd`.
    public let rawValue: String
    /// The input spectrogram the extractor always uses (a pretrained network's), whatever a spec's
    /// `mel` says; `nil` when the spec's parameters are used. Not part of the name's identity.
    public let fixedInput: MelParameters?
    /// Whether each file's features are a matrix (a spectrogram) rather than one clip vector. Not
    /// part of the name's identity.
    public let isMatrix: Bool

    /// The kind named `rawValue`, with no fixed input; a matrix when it is `logmel` or `musicnn-input`.
    public init(rawValue: String) {
        self.init(rawValue, fixedInput: nil, isMatrix: rawValue == "logmel" || rawValue == "musicnn-input")
    }

    /// A kind named `name`, with the input spectrogram it always uses, if any, and whether it gives a
    /// matrix per file.
    public init(_ name: String, fixedInput: MelParameters? = nil, isMatrix: Bool = false) {
        rawValue = name
        self.fixedInput = fixedInput
        self.isMatrix = isMatrix
    }

    /// The log-mel spectrogram, `mels × frames` dB values.
    public static let logmel = ExtractorKind("logmel", isMatrix: true)
    /// One vector per clip: per mel band the mean and standard deviation of the log-mel spectrogram,
    /// then of its first difference along time (`4 × mels` values, 512 with librosa's defaults).
    public static let logmelStats = ExtractorKind("logmel-stats")

    /// The version of this extractor's algorithm; it changes whenever its output would.
    public var version: Int { 1 }

    public static func == (lhs: ExtractorKind, rhs: ExtractorKind) -> Bool { lhs.rawValue == rhs.rawValue }
    public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }

    public init(from decoder: any Decoder) throws {
        self.init(rawValue: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }
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

    /// The extractor `kind` with librosa's defaults and the first 30 seconds of each file. A kind
    /// with a fixed input (a pretrained network's) always gets it, whatever `mel` says.
    public init(_ kind: ExtractorKind, mel: MelParameters = MelParameters(), decode: DecodeOptions = DecodeOptions()) {
        self.kind = kind
        self.version = kind.version
        self.mel = kind.fixedInput ?? mel
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
