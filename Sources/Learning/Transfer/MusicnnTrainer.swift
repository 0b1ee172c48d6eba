/// Fine-tunes musicnn on musicnn input spectrograms (the `musicnn-input` features): first a head
/// on the pretrained network's track embeddings (what feature extraction trains), then the head
/// and musicnn's back end (or every layer) together, one random 3-second patch per track and
/// step, the pretrained layers at ``TransferOptions/rateRatio`` of the head's rate, with early
/// stopping on a stratified validation part scored as prediction scores (every patch).
///
/// Starting from the extraction head ("linear probing, then fine-tuning") means the first steps
/// refine features the head already uses instead of pushing a random head's gradients into them.
public struct MusicnnTrainer: Sendable {
    /// How to train: the fine-tuning depth, rates and batch statistics.
    public var options: TrainingOptions
    /// The network's sizes.
    public var shape: MusicnnShape
    /// The pretrained tensors by name (``MusicnnWeights/trainable`` for the published models).
    public var pretrained: [String: [Float]]
    /// Where each training's state goes after every epoch.
    public var checkpoints: EpochCheckpoints?
    /// For a multi-task network, its tasks: the data's classes are theirs side by side, the head
    /// has an output layer per task, and a track without a label in a task adds nothing to that
    /// task's loss nor steps its layer (`nil`: one task).
    public var tasks: [TaskHead]?

    /// Patches per forward and backward pass: with frozen batch statistics a batch's gradient is
    /// the same in any grouping, and eight 3-second patches keep musicnn's activations near 0.7 GB.
    static let passPatches = 8

    /// A trainer of `shape` from `pretrained`; refuses tensors that do not fit.
    public init(
        options: TrainingOptions, shape: MusicnnShape, pretrained: [String: [Float]], tasks: [TaskHead]? = nil
    ) throws(ArchitectureError) {
        self.options = options
        self.shape = shape
        self.pretrained = pretrained
        self.tasks = tasks
        var random = SeededRandom(seed: 0)
        try MusicnnTrunk(shape, trainsFrontEnd: false, random: &random).load(pretrained)
    }

    /// The head's options on the embeddings: softmax regression's defaults with this training's
    /// seed and class weighting.
    var probeOptions: TrainingOptions {
        var probe = TrainingOptions.defaults(for: .softmax)
        probe.seed = options.seed
        probe.classWeight = options.classWeight
        return probe
    }

    public func fit(
        _ data: LabeledData, rows indices: [Int], seed: UInt64, fold: Int,
        progress: (@Sendable (EpochReport) -> Void)?
    ) -> (MusicnnClassifier, TrainingCurve) {
        var random = SeededRandom(seed: seed)
        return EarlyStopping<[[Float]]>.fit(
            data, rows: indices, share: options.validationFraction, refit: options.refit, epochs: options.epochs,
            random: &random
        ) { training, validation, epochs, firstPass, random in
            run(
                data, training: training, validation: validation, epochs: epochs, seed: seed, fold: fold,
                random: &random, progress: progress, checkpointed: firstPass)
        }
    }

    private func run(
        _ data: LabeledData, training: [Int], validation: [Int], epochs: Int, seed: UInt64, fold: Int,
        random: inout SeededRandom, progress: (@Sendable (EpochReport) -> Void)?, checkpointed: Bool
    ) -> (MusicnnClassifier, TrainingCurve) {
        let classes = data.classes.count, width = shape.embedding.count
        guard
            let start = try? MusicnnClassifier(
                shape: shape, pretrained: pretrained, head: probe(data, training, seed), tasks: tasks)
        else { preconditionFailure("the trainer checked the tensors") }
        let trunk = start.network(trainsFrontEnd: options.fineTune == .all)
        let head = HeadLayers(start.head, tasks: tasks)
        let standardizer = start.head.standardizer
        let activation: ConvClassifier.Activation =
            tasks.map { .tasks($0) } ?? .whole(data.multiLabel ? .sigmoid : .softmax)
        let pretrainedParameters = trunk.trainable, headParameters = head.layers.flatMap(\.parameters)
        let parameters = pretrainedParameters + headParameters
        let headOf = (head.layers.last as? TaskHeads)?.taskOfParameter ?? [:]
        var optimizer = Optimizer(options.optimizer, momentum: options.momentum, sizes: parameters.map(\.values.count))
        let decay = options.penalty(rows: training.count)
        let classWeights = options.classWeight == .balanced ? data.balancedWeights(training) : nil
        let mode: PassMode = options.transfer?.statistics == .updated ? .training : .frozenStatistics
        let clips = validation.map { data.spectrogram($0) }
        let validationTargets = data.targets(of: validation)
        let sample = shape.mels * shape.frames
        let allTensors = trunk.namedTensors.map(\.tensor) + headParameters
        let tensors = { allTensors.map(\.values) }
        func classifier(_ snapshot: [[Float]], thresholds: [Float]?) -> MusicnnClassifier {
            var fitted = start
            fitted.trunk = Array(snapshot.prefix(fitted.trunk.count))
            fitted.head = head.classifier(
                Array(snapshot.dropFirst(fitted.trunk.count)), like: start.head, thresholds: thresholds)
            return fitted
        }

        var stopping = EarlyStopping(initial: tensors(), patience: options.patience)
        var order = training
        let checkpoints = checkpointed ? self.checkpoints : nil
        let first =
            checkpoints?.resume(
                fold, tensors: allTensors, training: training, optimizer: &optimizer, random: &random,
                stopping: &stopping, order: &order) ?? 0
        let ratio = options.transfer?.rateRatio ?? 1
        for epoch in first..<max(first, epochs) {
            if stopping.isDone { break }
            order.shuffle(using: &random)
            let rate = options.schedule.rate(
                options.learningRate, epoch: epoch, epochs: epochs, cycleEpochs: options.cycleEpochs)
            var lossSum: Float = 0, batches = 0
            for batchStart in stride(from: 0, to: order.count, by: options.batchSize) {
                let batch = Array(order[batchStart..<min(order.count, batchStart + options.batchSize)])
                let weights = data.rowWeights(batch, classWeights: classWeights)
                let total = max(weights.reduce(0, +), .leastNormalMagnitude)
                for parameter in parameters { parameter.clearGradient() }
                var loss: Float = 0
                var present = [Bool](repeating: false, count: tasks?.count ?? 1)
                for passStart in stride(from: 0, to: batch.count, by: Self.passPatches) {
                    let rows = Array(batch[passStart..<min(batch.count, passStart + Self.passPatches)])
                    var inputs = [Float](repeating: 0, count: rows.count * sample)
                    for (index, row) in rows.enumerated() {
                        let length = data.frameCount(row)
                        let offset =
                            length > shape.frames ? Int.random(in: 0...(length - shape.frames), using: &random) : 0
                        copyPatch(data, row: row, start: offset, into: &inputs, at: index * sample)
                    }
                    let embeddings = trunk.forward(inputs, batch: rows.count, mode: mode, random: &random)
                    var probabilities = head.forward(
                        standardizer.transform(embeddings), batch: rows.count, mode: mode, random: &random)
                    activation.apply(&probabilities, rows: rows.count, columns: classes)
                    let passWeights = Array(weights[passStart..<(passStart + rows.count)])
                    let share = passWeights.reduce(0, +) / total
                    var (passLoss, delta, passPresent) = activation.loss(
                        probabilities, targets: data.targets(of: rows), weights: passWeights, rows: rows.count,
                        columns: classes)
                    for task in passPresent.indices where passPresent[task] { present[task] = true }
                    for i in delta.indices { delta[i] *= share }
                    loss += passLoss * share
                    var gradient = head.backward(delta, batch: rows.count)
                    for i in gradient.indices { gradient[i] /= standardizer.scale[i % width] }
                    trunk.backward(gradient, batch: rows.count)
                }
                optimizer.beginStep()
                for (slot, parameter) in parameters.enumerated() {
                    if let task = headOf[ObjectIdentifier(parameter)], !present[task] { continue }
                    let slotRate = slot < pretrainedParameters.count ? rate * ratio : rate
                    optimizer.step(slot, parameter, rate: slotRate, decay: decay)
                }
                lossSum += loss
                batches += 1
            }
            var score: (loss: Float, accuracy: Float)?
            if !validation.isEmpty {
                let probabilities = classifier(tensors(), thresholds: nil).probabilities(clips)
                score = activation.score(probabilities, validationTargets, columns: classes)
            }
            let report = stopping.record(
                epoch: epoch, fold: fold, trainLoss: lossSum / Float(max(1, batches)), validation: score,
                snapshot: tensors)
            progress?(report)
            checkpoints?.save(
                fold, after: epoch, tensors: allTensors, optimizer: optimizer, random: random, stopping: stopping,
                order: order)
        }
        var fitted = classifier(stopping.best.snapshot, thresholds: nil)
        if activation.multiLabel {
            fitted.head.thresholds = activation.thresholds(
                fitted.probabilities(clips), validationTargets, columns: classes)
        }
        return (fitted, stopping.curve)
    }

    /// The head trained on the pretrained network's embeddings of the training rows: what
    /// feature extraction would train. With tasks, a linear head per task on the rows it labels
    /// (zero where none does), refitted to one standardisation and put side by side.
    private func probe(_ data: LabeledData, _ training: [Int], _ seed: UInt64) -> Classifier {
        var random = SeededRandom(seed: 0)
        let trunk = MusicnnTrunk(shape, trainsFrontEnd: false, random: &random)
        try? trunk.load(pretrained)
        let width = shape.embedding.count
        let embeddings = MusicnnClassifier.embeddings(training.map { data.spectrogram($0) }, trunk: trunk)
        func fit(_ rows: [Int], classes: [String], labels: [[Int]], multiLabel: Bool) -> Classifier {
            let probeData = LabeledData(
                features: rows.flatMap { embeddings[($0 * width)..<(($0 + 1) * width)] }, rows: rows.count,
                columns: width, classes: classes, labels: labels, multiLabel: multiLabel)
            return Trainer(options: probeOptions).fit(
                probeData, rows: Array(rows.indices), seed: Optional(seed), fold: 0, progress: nil
            ).0
        }
        let all = Array(training.indices)
        guard let tasks else {
            return fit(
                all, classes: data.classes, labels: training.map { data.labels[$0] }, multiLabel: data.multiLabel)
        }
        let standardizer = Standardizer(fitting: embeddings, rows: training.count, columns: width)
        var layer = DenseLayer(inputs: width, outputs: 0, weights: [], bias: [])
        for (task, range) in zip(tasks, TaskHead.ranges(tasks)) {
            let rows = all.filter { data.labels[training[$0]].contains(where: range.contains) }
            var taskLayer = DenseLayer(
                inputs: width, outputs: range.count, weights: [Float](repeating: 0, count: range.count * width),
                bias: [Float](repeating: 0, count: range.count))
            if !rows.isEmpty {
                let labels = rows.map { data.labels[training[$0]].filter(range.contains).map { $0 - range.lowerBound } }
                taskLayer = fit(rows, classes: task.classes, labels: labels, multiLabel: task.multiLabel)
                    .firstLayer(standardizedBy: standardizer)
            }
            layer.outputs += taskLayer.outputs
            layer.weights += taskLayer.weights
            layer.bias += taskLayer.bias
        }
        return Classifier(
            classes: data.classes, standardizer: standardizer, network: Network(layers: [layer], output: .sigmoid),
            thresholds: nil)
    }

    private func copyPatch(_ data: LabeledData, row: Int, start: Int, into inputs: inout [Float], at offset: Int) {
        let width = data.sampleShape[1], length = data.frameCount(row), base = row * data.columns
        data.features.withUnsafeBufferPointer { features in
            for band in 0..<shape.mels {
                for t in 0..<shape.frames {
                    let frame = length < shape.frames ? t % length : start + t
                    inputs[offset + band * shape.frames + t] = features[base + band * width + frame]
                }
            }
        }
    }
}

extension MusicnnTrainer: ModelTrainer {
    public var seed: UInt64 { options.seed }

    public func probabilities(_ model: MusicnnClassifier, _ data: LabeledData, rows: [Int]) -> [Float] {
        model.probabilities(rows.map { data.spectrogram($0) })
    }

    /// Fine-tuning takes musicnn's input spectrogram per track.
    public func inputProblem(matrices: Bool) -> String? {
        matrices ? nil : "fine-tuning musicnn takes its input spectrogram per track (--extractor musicnn-input)"
    }
}

/// A head's dense layers as trainable layers, and back.
private struct HeadLayers {
    let layers: [any Layer]

    /// The head's layers; with tasks, its one dense layer as an output layer per task.
    init(_ head: Classifier, tasks: [TaskHead]?) {
        var random = SeededRandom(seed: 0)
        var layers: [any Layer] = []
        if let tasks, let dense = head.network.layers.first {
            let heads = TaskHeads(
                input: MapShape(channels: dense.inputs, height: 1, width: 1), outputs: tasks.map(\.classes.count),
                random: &random)
            for (layer, range) in zip(heads.heads, TaskHead.ranges(tasks)) {
                layer.weight.values = Array(
                    dense.weights[(range.lowerBound * dense.inputs)..<(range.upperBound * dense.inputs)])
                layer.bias.values = Array(dense.bias[range])
            }
            self.layers = [heads]
            return
        }
        for (index, dense) in head.network.layers.enumerated() {
            let layer = FullyConnected(
                input: MapShape(channels: dense.inputs, height: 1, width: 1), outputs: dense.outputs, random: &random)
            layer.weight.values = dense.weights
            layer.bias.values = dense.bias
            layers.append(layer)
            if index < head.network.layers.count - 1 { layers.append(Rectifier(input: layer.output)) }
        }
        self.layers = layers
    }

    func forward(_ x: [Float], batch: Int, mode: PassMode, random: inout SeededRandom) -> [Float] {
        layers.reduce(x) { $1.forward($0, batch: batch, mode: mode, random: &random) }
    }

    func backward(_ gradient: [Float], batch: Int) -> [Float] {
        layers.reversed().reduce(gradient) { $1.backward($0, batch: batch) }
    }

    /// `like` with its dense layers' weights and biases from `tensors` (weight, bias per layer;
    /// per task, joined into the one layer, for a multi-task head).
    func classifier(_ tensors: [[Float]], like head: Classifier, thresholds: [Float]?) -> Classifier {
        var head = head
        if layers.first is TaskHeads {
            head.network.layers[0].weights = stride(from: 0, to: tensors.count, by: 2).flatMap { tensors[$0] }
            head.network.layers[0].bias = stride(from: 1, to: tensors.count, by: 2).flatMap { tensors[$0] }
        } else {
            for index in head.network.layers.indices {
                head.network.layers[index].weights = tensors[2 * index]
                head.network.layers[index].bias = tensors[2 * index + 1]
            }
        }
        head.thresholds = thresholds
        return head
    }
}
