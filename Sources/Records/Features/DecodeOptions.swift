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

    /// Creates options; the defaults keep the first 30 seconds.
    public init(maxSeconds: Double? = 30, part: ClipPart = .start) {
        self.maxSeconds = maxSeconds
        self.part = part
    }
}
