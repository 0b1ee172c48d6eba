/// A trained network's tensors but its output layer's, in ``LayerStack/tensors`` order, and the
/// standardisation its input had.
public struct FrozenTrunk: Sendable {
    public var tensors: [[Float]]
    public var standardizer: Standardizer
}

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
    /// The tasks of a multi-task network, whose classes ``classes`` concatenates (`nil`: one task).
    public var tasks: [TaskHead]?

    /// A classifier; refuses tensors that do not fit the architecture on a `mels × cropFrames` input.
    public init(
        classes: [String], architecture: ConvArchitecture, mels: Int, cropFrames: Int, standardizer: Standardizer,
        output: OutputActivation, thresholds: [Float]?, tensors: [[Float]], tasks: [TaskHead]? = nil
    ) throws(ArchitectureError) {
        self.classes = classes
        self.architecture = architecture
        self.mels = mels
        self.cropFrames = cropFrames
        self.standardizer = standardizer
        self.output = output
        self.thresholds = thresholds
        self.tensors = tensors
        self.tasks = tasks
        if let tasks, tasks.flatMap(\.classes) != classes {
            throw ArchitectureError("the tasks' classes are not the model's classes")
        }
        let sizes = try Self.stack(architecture, mels: mels, cropFrames: cropFrames, outputs: outputs).tensorSizes
        guard sizes == tensors.map(\.count), standardizer.mean.count == mels, standardizer.scale.count == mels else {
            throw ArchitectureError(
                "the weights do not fit the architecture: it has \(sizes.count) tensors of \(sizes.reduce(0, +)) "
                    + "values in all, the model \(tensors.count) of \(tensors.reduce(0) { $0 + $1.count })")
        }
    }

    /// Whether the network gives independent per-class probabilities.
    public var multiLabel: Bool { output == .sigmoid }

    /// Each task's class count (the one task's for a single-task network).
    var outputs: [Int] { tasks?.map(\.classes.count) ?? [classes.count] }

    /// Turns logits into probabilities: per task for a multi-task network.
    var activation: Activation {
        if let tasks { return .tasks(tasks) }
        return .whole(output)
    }

    /// Class probabilities (`clips × classes`) for log-mel spectrograms of `mels` rows and any
    /// length: the mean of the probabilities of the clip's crops at half-crop steps.
    public func probabilities(_ spectrograms: [FeatureMatrix]) -> [Float] {
        Self.probabilities(
            spectrograms, stack: network(),
            crops: SpectrogramCrops(mels: mels, frames: cropFrames, standardizer: standardizer), classes: classes.count,
            activation: activation)
    }

    /// What ``probabilities(_:)`` computes, with `stack` as the network: the crops of every clip
    /// go through it in batches of up to 32, whichever clips they come from.
    static func probabilities(
        _ spectrograms: [FeatureMatrix], stack: LayerStack, crops: SpectrogramCrops, classes: Int,
        activation: Activation
    ) -> [Float] {
        let sample = crops.mels * crops.frames, batchSize = 32
        var pending: [(clip: Int, start: Double)] = []
        for (clip, spectrogram) in spectrograms.enumerated() {
            precondition(spectrogram.rows == crops.mels, "the spectrogram must have the model's mel bands")
            pending += crops.predictionStarts(length: spectrogram.columns).map { (clip, $0) }
        }
        let pads = spectrograms.map { $0.values.min() ?? 0 }
        var sums = [Float](repeating: 0, count: spectrograms.count * classes)
        var counts = [Float](repeating: 0, count: spectrograms.count)
        var random = SeededRandom(seed: 0)
        for first in stride(from: 0, to: pending.count, by: batchSize) {
            let part = pending[first..<min(pending.count, first + batchSize)]
            var batch = [Float](repeating: 0, count: part.count * sample)
            batch.withUnsafeMutableBufferPointer { batch in
                for (index, crop) in part.enumerated() {
                    let spectrogram = spectrograms[crop.clip], into = batch.baseAddress! + index * sample
                    spectrogram.values.withUnsafeBufferPointer { values in
                        crops.crop(
                            values.baseAddress!, width: spectrogram.columns, length: spectrogram.columns,
                            start: crop.start, step: 1, pad: pads[crop.clip], gain: 0, into: into)
                    }
                    crops.standardize(into)
                }
            }
            var probabilities = stack.forward(batch, batch: part.count, mode: .inference, random: &random)
            activation.apply(&probabilities, rows: part.count, columns: classes)
            for (index, crop) in part.enumerated() {
                counts[crop.clip] += 1
                for c in 0..<classes { sums[crop.clip * classes + c] += probabilities[index * classes + c] }
            }
        }
        return sums.indices.map { sums[$0] / max(1, counts[$0 / classes]) }
    }

    /// Every layer but the output layer (or layers, one per task), with the input
    /// standardisation: what ``ConvTrainer/frozenTrunk`` trains a new output layer on.
    public var frozenTrunk: FrozenTrunk {
        FrozenTrunk(tensors: Self.trunk(of: network()).map(\.values), standardizer: standardizer)
    }

    /// `stack`'s tensors without its output layer's.
    static func trunk(of stack: LayerStack) -> [Parameter] {
        stack.layers.dropLast().flatMap(\.parameters) + stack.layers.flatMap(\.statistics)
    }

    /// The network with these weights. The initialiser checked that they fit, so building cannot fail.
    func network() -> LayerStack {
        guard let stack = try? Self.stack(architecture, mels: mels, cropFrames: cropFrames, outputs: outputs)
        else { preconditionFailure("the architecture was checked when the classifier was made") }
        stack.load(tensors)
        return stack
    }

    static func stack(_ architecture: ConvArchitecture, mels: Int, cropFrames: Int, outputs: [Int])
        throws(ArchitectureError) -> LayerStack
    {
        var random = SeededRandom(seed: 0)
        return try LayerStack(
            architecture, input: MapShape(channels: 1, height: mels, width: cropFrames), taskOutputs: outputs,
            random: &random)
    }

    /// How a network's logits become probabilities.
    enum Activation {
        /// One softmax or sigmoid over every class.
        case whole(OutputActivation)
        /// Per task: softmax within a single-label task, sigmoid in a multi-label one.
        case tasks([TaskHead])

        func apply(_ logits: inout [Float], rows: Int, columns: Int) {
            switch self {
            case .whole(let output): Network.activate(&logits, rows: rows, columns: columns, output)
            case .tasks(let tasks): TaskHead.activate(&logits, rows: rows, tasks: tasks)
            }
        }

        /// Whether some output is multi-label, and so decides with per-class thresholds.
        var multiLabel: Bool {
            switch self {
            case .whole(let output): output == .sigmoid
            case .tasks(let tasks): tasks.contains(where: \.multiLabel)
            }
        }

        /// The batch's loss, its gradient, and which tasks its rows label (one task: always).
        func loss(_ probabilities: [Float], targets: [Float], weights: [Float], rows: Int, columns: Int) -> (
            Float, [Float], [Bool]
        ) {
            switch self {
            case .whole(let output):
                let (loss, delta) = OutputLoss.gradient(
                    probabilities, targets: targets, weights: weights, rows: rows, classes: columns, output)
                return (loss, delta, [true])
            case .tasks(let tasks):
                return TaskHead.loss(probabilities, targets: targets, weights: weights, rows: rows, tasks: tasks)
            }
        }

        /// Validation loss and accuracy.
        func score(_ probabilities: [Float], _ targets: [Float], columns: Int) -> (loss: Float, accuracy: Float) {
            switch self {
            case .whole(let output):
                Validation.score(probabilities, targets, classes: columns, multiLabel: output == .sigmoid)
            case .tasks(let tasks): TaskHead.score(probabilities, targets, tasks: tasks)
            }
        }

        /// Per-class decision thresholds tuned on validation rows.
        func thresholds(_ probabilities: [Float], _ targets: [Float], columns: Int) -> [Float] {
            switch self {
            case .whole: Validation.thresholds(probabilities, targets, classes: columns)
            case .tasks(let tasks): TaskHead.thresholds(probabilities, targets, tasks: tasks)
            }
        }
    }
}
