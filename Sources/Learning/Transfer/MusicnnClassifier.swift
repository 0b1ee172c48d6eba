/// A fine-tuned musicnn: its network's tensors and the head on its track embedding (the mean over
/// a track's patches, as the `musicnn-msd` / `musicnn-mtt` extractors give it), which the
/// fine-tuning started from a head trained on those embeddings.
///
/// With the pretrained tensors and that head, it predicts what the head predicts on the
/// extractor's features: fine-tuning changes the weights, not the computation.
public struct MusicnnClassifier: Sendable, Equatable {
    /// The network's sizes.
    public var shape: MusicnnShape
    /// The network's tensors in its order (learned, then running statistics).
    public var trunk: [[Float]]
    /// The head on the track embedding: standardisation, dense layers, thresholds.
    public var head: Classifier
    /// The tasks of a multi-task network, whose classes the head's one dense layer gives side by
    /// side (`nil`: one task).
    public var tasks: [TaskHead]?

    /// The class names, in output order.
    public var classes: [String] { head.classes }
    /// Whether the head gives independent per-class probabilities.
    public var multiLabel: Bool { head.multiLabel }

    /// A classifier; refuses tensors that do not fit `shape`, a head that does not take its
    /// embedding, or tasks that are not the head's one layer's classes.
    public init(shape: MusicnnShape, trunk: [[Float]], head: Classifier, tasks: [TaskHead]? = nil)
        throws(ArchitectureError)
    {
        if let problem = shape.problem { throw ArchitectureError(problem) }
        self.shape = shape
        self.trunk = trunk
        self.head = head
        self.tasks = tasks
        if let tasks, tasks.flatMap(\.classes) != head.classes || head.network.layers.count != 1 {
            throw ArchitectureError("a multi-task head is one dense layer giving its tasks' classes side by side")
        }
        var random = SeededRandom(seed: 0)
        let sizes = MusicnnTrunk(shape, trainsFrontEnd: false, random: &random).namedTensors.map(\.tensor.values.count)
        guard sizes == trunk.map(\.count) else {
            throw ArchitectureError(
                "the musicnn tensors do not fit its shape: \(sizes.count) tensors of \(sizes.reduce(0, +)) values "
                    + "expected, the model has \(trunk.count) of \(trunk.reduce(0) { $0 + $1.count })")
        }
        guard head.standardizer.mean.count == shape.embedding.count else {
            throw ArchitectureError(
                "the head takes \(head.standardizer.mean.count) features, the musicnn embedding is "
                    + "\(shape.embedding.count)")
        }
    }

    /// A classifier from pretrained tensors by name (``MusicnnTrunk``'s names).
    public init(shape: MusicnnShape, pretrained: [String: [Float]], head: Classifier, tasks: [TaskHead]? = nil)
        throws(ArchitectureError)
    {
        var random = SeededRandom(seed: 0)
        let trunk = MusicnnTrunk(shape, trainsFrontEnd: false, random: &random)
        try trunk.load(pretrained)
        try self.init(shape: shape, trunk: trunk.namedTensors.map(\.tensor.values), head: head, tasks: tasks)
    }

    /// Class probabilities (`clips × classes`) for musicnn input spectrograms (`mels` rows of
    /// compressed mel values, any length): the head on the mean embedding of each clip's patches.
    public func probabilities(_ spectrograms: [FeatureMatrix]) -> [Float] {
        let network = self.network()
        return headProbabilities(Self.embeddings(spectrograms, trunk: network), rows: spectrograms.count)
    }

    /// The head's probabilities for `rows` track embeddings: per task when it has tasks.
    func headProbabilities(_ embeddings: [Float], rows: Int) -> [Float] {
        guard let tasks else { return head.probabilities(embeddings, rows: rows) }
        var logits = head.network.logits(head.standardizer.transform(embeddings), rows: rows)
        TaskHead.activate(&logits, rows: rows, tasks: tasks)
        return logits
    }

    /// The track embeddings (`clips × shape.embedding.count`): the mean over each clip's patches,
    /// 8 patches per pass.
    static func embeddings(_ spectrograms: [FeatureMatrix], trunk: MusicnnTrunk) -> [Float] {
        let shape = trunk.shape, width = shape.embedding.count, sample = shape.mels * shape.frames
        var pending: [(clip: Int, start: Int)] = []
        for (clip, spectrogram) in spectrograms.enumerated() {
            precondition(spectrogram.rows == shape.mels, "musicnn takes \(shape.mels) mel bands")
            pending += patchStarts(frames: spectrogram.columns, patch: shape.frames).map { (clip, $0) }
        }
        var sums = [Float](repeating: 0, count: spectrograms.count * width)
        var counts = [Float](repeating: 0, count: spectrograms.count)
        var random = SeededRandom(seed: 0)
        for first in stride(from: 0, to: pending.count, by: 8) {
            let part = pending[first..<min(pending.count, first + 8)]
            var batch = [Float](repeating: 0, count: part.count * sample)
            for (index, patch) in part.enumerated() {
                let spectrogram = spectrograms[patch.clip]
                copyPatch(spectrogram.values, frames: spectrogram.columns, start: patch.start, shape: shape) {
                    batch[index * sample + $0] = $1
                }
            }
            let embeddings = trunk.forward(batch, batch: part.count, mode: .inference, random: &random)
            for (index, patch) in part.enumerated() {
                counts[patch.clip] += 1
                for i in 0..<width { sums[patch.clip * width + i] += embeddings[index * width + i] }
            }
        }
        return sums.indices.map { sums[$0] / max(1, counts[$0 / width]) }
    }

    /// Where a clip's patches start: back to back from the first frame, the remainder dropped, as
    /// musicnn cuts them; one patch for a clip shorter than one.
    static func patchStarts(frames: Int, patch: Int) -> [Int] {
        frames < patch ? [0] : Array(stride(from: 0, through: frames - patch, by: patch))
    }

    /// Hands each value of the patch at `start` to `write` (offset within the band-major patch,
    /// value); a clip shorter than a patch is repeated to fill it, as musicnn's training did.
    static func copyPatch(
        _ values: [Float], frames: Int, start: Int, shape: MusicnnShape, write: (Int, Float) -> Void
    ) {
        for band in 0..<shape.mels {
            for t in 0..<shape.frames {
                let frame = frames < shape.frames ? t % frames : start + t
                write(band * shape.frames + t, values[band * frames + frame])
            }
        }
    }

    /// The network with these tensors.
    func network(trainsFrontEnd: Bool = false) -> MusicnnTrunk {
        var random = SeededRandom(seed: 0)
        let network = MusicnnTrunk(shape, trainsFrontEnd: trainsFrontEnd, random: &random)
        for ((_, tensor), values) in zip(network.namedTensors, trunk) { tensor.values = values }
        return network
    }
}

extension MusicnnClassifier: ThresholdedModel {
    /// The head's per-class thresholds of a multi-label set.
    public var thresholds: [Float]? {
        get { head.thresholds }
        set { head.thresholds = newValue }
    }
}
