/// A trained convolutional network with everything prediction needs: the architecture and its
/// weights, the input it was trained on (mel bands, crop length, per-band standardisation), and
/// for multi-label sets the per-class thresholds.
public struct ConvClassifier: Sendable, Equatable {
    /// The class names, in output order.
    public var classes: [String]
    /// The network.
    public var architecture: ConvArchitecture
    /// Mel bands of the input.
    public var mels: Int
    /// Frames per crop.
    public var cropFrames: Int
    /// Per-band standardisation fitted on the training tracks.
    public var standardizer: Standardizer
    /// Softmax for single-label sets, sigmoid for multi-label ones.
    public var output: OutputActivation
    /// Per-class decision thresholds of a multi-label network (`nil` for softmax).
    public var thresholds: [Float]?
    /// Every tensor (learned, then running statistics) in the architecture's order.
    public var tensors: [[Float]]

    /// A classifier; refuses tensors that do not fit the architecture on a `mels × cropFrames` input.
    public init(
        classes: [String], architecture: ConvArchitecture, mels: Int, cropFrames: Int, standardizer: Standardizer,
        output: OutputActivation, thresholds: [Float]?, tensors: [[Float]]
    ) throws(ArchitectureError) {
        self.classes = classes
        self.architecture = architecture
        self.mels = mels
        self.cropFrames = cropFrames
        self.standardizer = standardizer
        self.output = output
        self.thresholds = thresholds
        self.tensors = tensors
        let sizes = try Self.stack(architecture, mels: mels, cropFrames: cropFrames, classes: classes.count).tensorSizes
        guard sizes == tensors.map(\.count), standardizer.mean.count == mels, standardizer.scale.count == mels else {
            throw ArchitectureError(
                "the weights do not fit the architecture: it has \(sizes.count) tensors of \(sizes.reduce(0, +)) "
                    + "values in all, the model \(tensors.count) of \(tensors.reduce(0) { $0 + $1.count })")
        }
    }

    /// Whether the network gives independent per-class probabilities.
    public var multiLabel: Bool { output == .sigmoid }

    /// Class probabilities (`clips × classes`) for log-mel spectrograms of `mels` rows and any
    /// length: the mean of the probabilities of the clip's crops at half-crop steps.
    public func probabilities(_ spectrograms: [FeatureMatrix]) -> [Float] {
        Self.probabilities(
            spectrograms, stack: network(),
            crops: SpectrogramCrops(mels: mels, frames: cropFrames, standardizer: standardizer), classes: classes.count,
            output: output)
    }

    /// What ``probabilities(_:)`` computes, with `stack` as the network.
    static func probabilities(
        _ spectrograms: [FeatureMatrix], stack: LayerStack, crops: SpectrogramCrops, classes: Int,
        output: OutputActivation
    ) -> [Float] {
        let sample = crops.mels * crops.frames
        var out: [Float] = []
        out.reserveCapacity(spectrograms.count * classes)
        var random = SeededRandom(seed: 0)
        for spectrogram in spectrograms {
            precondition(spectrogram.rows == crops.mels, "the spectrogram must have the model's mel bands")
            let pad = spectrogram.values.min() ?? 0
            let starts = crops.predictionStarts(length: spectrogram.columns)
            var batch = [Float](repeating: 0, count: starts.count * sample)
            spectrogram.values.withUnsafeBufferPointer { values in
                batch.withUnsafeMutableBufferPointer { batch in
                    for (index, start) in starts.enumerated() {
                        let crop = batch.baseAddress! + index * sample
                        crops.crop(
                            values.baseAddress!, width: spectrogram.columns, length: spectrogram.columns, start: start,
                            step: 1, pad: pad, gain: 0, into: crop)
                        crops.standardize(crop)
                    }
                }
            }
            var probabilities = stack.forward(batch, batch: starts.count, mode: .inference, random: &random)
            Network.activate(&probabilities, rows: starts.count, columns: classes, output)
            for c in 0..<classes {
                var sum: Float = 0
                for crop in starts.indices { sum += probabilities[crop * classes + c] }
                out.append(sum / Float(starts.count))
            }
        }
        return out
    }

    /// The network with these weights. The initialiser checked that they fit, so building cannot fail.
    func network() -> LayerStack {
        guard let stack = try? Self.stack(architecture, mels: mels, cropFrames: cropFrames, classes: classes.count)
        else { preconditionFailure("the architecture was checked when the classifier was made") }
        stack.load(tensors)
        return stack
    }

    static func stack(_ architecture: ConvArchitecture, mels: Int, cropFrames: Int, classes: Int)
        throws(ArchitectureError) -> LayerStack
    {
        var random = SeededRandom(seed: 0)
        return try LayerStack(
            architecture, input: MapShape(channels: 1, height: mels, width: cropFrames), outputs: classes,
            random: &random)
    }
}
