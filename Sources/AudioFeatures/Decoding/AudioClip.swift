/// Mono audio samples at one sample rate, as the extractors take them.
public struct AudioClip: Sendable {
    /// Samples on [-1, 1] (libsndfile's normalised float scale), channels averaged.
    public var samples: [Float]
    /// Samples per second.
    public var sampleRate: Int

    /// Creates a clip.
    public init(samples: [Float], sampleRate: Int) {
        self.samples = samples
        self.sampleRate = sampleRate
    }

    /// The clip's length in seconds.
    public var duration: Double { Double(samples.count) / Double(sampleRate) }

    /// The largest absolute sample value.
    public var peak: Float { samples.reduce(0) { max($0, abs($1)) } }
}

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
}
