/// Which part of a file longer than ``DecodeOptions/maxSeconds`` is kept.
public enum ClipPart: String, Sendable, Codable, CaseIterable {
    /// The first `maxSeconds` (what `librosa.load(duration=…)` keeps).
    case start
    /// The middle `maxSeconds`, skipping intros and fade-outs.
    case middle
}

/// How a file is cut while it is decoded.
public struct DecodeOptions: Sendable, Equatable, Codable {
    /// The longest stretch decoded, in seconds; `nil` decodes the whole file.
    public var maxSeconds: Double?
    /// Which part is kept when the file is longer.
    public var part: ClipPart
    /// Seconds an external decoder (ffmpeg, for formats libsndfile does not read) may take on one
    /// file before it is stopped. Not a feature parameter: neither stored nor compared.
    public var decoderTimeout: Double = 120

    private enum CodingKeys: String, CodingKey { case maxSeconds, part }

    /// Creates options; the defaults keep the first 30 seconds.
    public init(maxSeconds: Double? = 30, part: ClipPart = .start) {
        self.maxSeconds = maxSeconds
        self.part = part
    }

    /// Equal when they cut the same audio, whatever the decoder's time limit.
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.maxSeconds == rhs.maxSeconds && lhs.part == rhs.part
    }
}
