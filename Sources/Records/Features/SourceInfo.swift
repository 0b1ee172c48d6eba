/// What a decoded file held before it was cut, downmixed and resampled.
public struct SourceInfo: Sendable, Equatable, Codable {
    /// The container and encoding, as libsndfile names them (`WAV`, `FLAC`, `OGG`, `MPEG`).
    public var format: String
    /// The file's own sample rate.
    public var sampleRate: Int
    /// The file's channel count.
    public var channels: Int
    /// The file's whole length in seconds (before `maxSeconds`).
    public var duration: Double

    /// What a file held.
    public init(format: String, sampleRate: Int, channels: Int, duration: Double) {
        self.format = format
        self.sampleRate = sampleRate
        self.channels = channels
        self.duration = duration
    }
}
