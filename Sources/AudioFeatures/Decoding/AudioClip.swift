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
    public var peak: Float { samples.withUnsafeBufferPointer(DenseMath.largestMagnitude) }
}
