public import AudioFeatures

/// musicnn's outputs for a whole track: per patch, and averaged over its patches.
public struct MusicnnTrackOutput: Sendable {
    /// One output per 3-second patch, in time order.
    public var patches: [MusicnnPatchOutput]

    /// The mean tag probabilities over the patches (musicnn's tagger ranks by their sum).
    public var probabilities: [Float] { mean(\.probabilities) }

    /// The track's embedding: the means over its patches of the penultimate layer (200), the mean
    /// pool (753) and the max pool (753), 1,706 values.
    public var embedding: [Float] { mean(\.penultimate) + mean(\.meanPool) + mean(\.maxPool) }

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
        let (decoded, _) = try AudioDecoder.decode(path, options: decode)
        let clip = try Resampler.resample(decoded, to: MusicnnInput.sampleRate, path: path)
        guard !clip.samples.isEmpty else { throw AudioError(.tooShort, path: path, "the file holds no samples") }
        return tag(samples: clip.samples)
    }
}
