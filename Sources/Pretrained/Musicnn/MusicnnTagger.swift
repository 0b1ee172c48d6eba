public import AudioFeatures

/// musicnn's outputs for a whole track: per patch, and averaged over its patches.
public struct MusicnnTrackOutput: Sendable {
    /// One output per 3-second patch, in time order.
    public var patches: [MusicnnPatchOutput]

    /// The mean tag probabilities over the patches (musicnn's tagger ranks by their sum).
    public var probabilities: [Float] { mean(\.probabilities) }

    /// The track's embedding, the means over its patches of: the tag probabilities (50), the
    /// penultimate layer (200), the mean pool (753) and the max pool (753); 1,756 values. The
    /// tags come first so that the model's own opinion can be read back from the feature cache.
    public var embedding: [Float] {
        probabilities + mean(\.penultimate) + mean(\.meanPool) + mean(\.maxPool)
    }

    /// Where each part of ``embedding`` starts.
    public enum EmbeddingLayout {
        /// The tag probabilities.
        public static let tags = 0
        /// The penultimate layer.
        public static let penultimate = MusicnnArchitecture.tags
        /// The mean pool.
        public static let meanPool = penultimate + MusicnnArchitecture.penultimateUnits
        /// The max pool.
        public static let maxPool = meanPool + MusicnnArchitecture.frameWidth
        /// The length.
        public static let count = maxPool + MusicnnArchitecture.frameWidth
    }

    private func mean(_ values: KeyPath<MusicnnPatchOutput, [Float]>) -> [Float] {
        guard let first = patches.first?[keyPath: values] else { return [] }
        var sum = first
        for patch in patches.dropFirst() {
            for (index, value) in patch[keyPath: values].enumerated() { sum[index] += value }
        }
        return sum.map { $0 / Float(patches.count) }
    }
}

/// Decodes audio and runs musicnn over it.
///
/// ```swift
/// let tagger = MusicnnTagger(network: MusicnnNetwork(weights: try ModelDirectory().weights(.msd)))
/// let output = try tagger.tag("song.flac", decode: DecodeOptions())
/// ```
///
/// Not thread-safe (the network and spectrogram hold scratch space): one per task.
public final class MusicnnTagger {
    /// The network.
    public let network: MusicnnNetwork
    private let input = MusicnnInput()

    /// A tagger running `network`.
    public init(network: MusicnnNetwork) {
        self.network = network
    }

    /// The outputs for 16 kHz mono `samples`.
    public func tag(samples: [Float]) -> MusicnnTrackOutput {
        MusicnnTrackOutput(patches: input.patches(samples).map(network.run(patch:)))
    }

    /// The outputs for the file at `path`, decoded as `decode` says and resampled to 16 kHz.
    public func tag(_ path: String, decode: DecodeOptions) throws(AudioError) -> MusicnnTrackOutput {
        tag(samples: try MusicnnInput.clip(path, decode: decode).clip.samples)
    }
}
