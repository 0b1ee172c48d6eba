import Foundation

/// Trains a convolutional network on log-mel spectrograms: random crops with augmentation,
/// mixup, class weights, Adam / AMSGrad / SGD with weight decay and a learning-rate schedule,
/// early stopping on a stratified validation part with the best epoch's weights restored.
///
/// ```swift
/// let trainer = try ConvTrainer(options: .defaults(for: .cnn), architecture: .compact, cropFrames: 130)
/// let (classifier, curve) = trainer.fit(data, rows: trainingRows, seed: 1, fold: 1, progress: nil)
/// ```
public struct ConvTrainer: Sendable {
    /// How to train (``TrainingOptions/convolution`` holds the crops and augmentation).
    public var options: TrainingOptions
    /// The network.
    public var architecture: ConvArchitecture
    /// Frames per crop.
    public var cropFrames: Int
    /// Where each training's state goes after every epoch, and comes from when it starts again.
    public var checkpoints: EpochCheckpoints?
    /// For a multi-task network, its tasks: the data's classes are theirs side by side, and a
    /// track without a label in a task adds nothing to that task's loss (`nil`: one task).
    public var tasks: [TaskHead]?
    /// A trained network's layers but its output layer (``ConvClassifier/frozenTrunk``, of the
    /// same architecture and crops): training then learns a new output layer on them, every other
    /// tensor (batch statistics too) and the input standardisation as given.
    public var frozenTrunk: FrozenTrunk?

    /// A trainer of `architecture` on crops of `cropFrames` frames; with `checkpoints`, an
    /// interrupted training goes on from the last finished epoch; with `tasks`, one network
    /// learns several label sets.
    public init(
        options: TrainingOptions, architecture: ConvArchitecture, cropFrames: Int, checkpoints: EpochCheckpoints? = nil,
        tasks: [TaskHead]? = nil
    ) {
        self.options = options
        self.architecture = architecture
        self.cropFrames = max(1, cropFrames)
        self.checkpoints = checkpoints
        self.tasks = tasks
    }

    /// The output layer's widths: each task's classes, or all of them.
    private func outputs(_ classes: Int) -> [Int] { tasks?.map(\.classes.count) ?? [classes] }

    private var augmentation: ConvolutionOptions { options.convolution ?? .plain }

    /// Checks that the architecture builds on `mels`-band crops with `classes` outputs; the error
    /// names the block and the shapes.
    public func check(mels: Int, classes: Int) throws(ArchitectureError) {
        _ = try ConvClassifier.stack(architecture, mels: mels, cropFrames: cropFrames, outputs: outputs(classes))
    }

    /// A network trained on `data`'s rows at `indices`, and its curve (see ``Trainer/fit(_:rows:seed:fold:progress:)``
    /// for the validation part and the refit).
    public func fit(
        _ data: LabeledData, rows indices: [Int], seed: UInt64, fold: Int,
        progress: (@Sendable (EpochReport) -> Void)?
    ) -> (ConvClassifier, TrainingCurve) {
        var random = SeededRandom(seed: seed)
        return EarlyStopping<[[Float]]>.fit(
            data, rows: indices, share: options.validationFraction, refit: options.refit, epochs: options.epochs,
            random: &random
        ) { training, validation, epochs, firstPass, random in
            run(
                data, training: training, validation: validation, epochs: epochs, fold: fold, random: &random,
                progress: progress, checkpointed: firstPass)
        }
    }

    /// Up to `epochs` epochs on `training` from fresh weights, keeping the epoch with the lowest
    /// validation loss (the last one without validation rows). A `checkpointed` run saves its state
    /// after every epoch and starts from a saved one.
    private func run(
        _ data: LabeledData, training: [Int], validation: [Int], epochs: Int, fold: Int, random: inout SeededRandom,
        progress: (@Sendable (EpochReport) -> Void)?, checkpointed: Bool
    ) -> (ConvClassifier, TrainingCurve) {
        let mels = data.sampleShape[0], classes = data.classes.count
        let crops = SpectrogramCrops(
            mels: mels, frames: cropFrames,
            standardizer: frozenTrunk?.standardizer ?? SpectrogramCrops.standardizer(data, rows: training))
        let output: OutputActivation = data.multiLabel ? .sigmoid : .softmax
        let activation: ConvClassifier.Activation = tasks.map { .tasks($0) } ?? .whole(output)
        guard
            let stack = try? LayerStack(
                architecture, input: MapShape(channels: 1, height: mels, width: cropFrames),
                taskOutputs: outputs(classes), random: &random)
        else { preconditionFailure("check(mels:classes:) before fitting") }
        if let frozenTrunk {
            let trunk = ConvClassifier.trunk(of: stack)
            precondition(
                trunk.map(\.values.count) == frozenTrunk.tensors.map(\.count), "the trunk fits the architecture")
            for (tensor, values) in zip(trunk, frozenTrunk.tensors) { tensor.values = values }
        }
        let parameters = frozenTrunk == nil ? stack.layers.flatMap(\.parameters) : stack.layers.last?.parameters ?? []
        let mode: PassMode = frozenTrunk == nil ? .training : .frozenStatistics
        let headOf = (stack.layers.last as? TaskHeads)?.taskOfParameter ?? [:]
        var optimizer = Optimizer(options.optimizer, momentum: options.momentum, sizes: parameters.map(\.values.count))
        let decay = options.penalty(rows: training.count)
        let classWeights = options.classWeight == .balanced ? data.balancedWeights(training) : nil
        // Each clip's quietest value, the silence its crops are padded with.
        let pads = (0..<data.rows).map { data.spectrogram($0).values.min() ?? 0 }
        let clips = validation.map { data.spectrogram($0) }
        let validationTargets = data.targets(of: validation)
        let sample = mels * cropFrames

        var stopping = EarlyStopping(initial: stack.tensorValues, patience: options.patience)
        var order = training
        let checkpoints = checkpointed ? self.checkpoints : nil
        let first =
            checkpoints?.resume(
                fold, tensors: stack.tensors, training: training, optimizer: &optimizer, random: &random,
                stopping: &stopping, order: &order) ?? 0
        for epoch in first..<max(first, epochs) {
            if stopping.isDone { break }
            order.shuffle(using: &random)
            let rate = options.schedule.rate(
                options.learningRate, epoch: epoch, epochs: epochs, cycleEpochs: options.cycleEpochs)
            var lossSum: Float = 0, batches = 0
            for start in stride(from: 0, to: order.count, by: options.batchSize) {
                let batch = Array(order[start..<min(order.count, start + options.batchSize)])
                var inputs = trainingCrops(batch, data, crops: crops, pads: pads, random: &random)
                var targets = data.targets(of: batch)
                var weights = data.rowWeights(batch, classWeights: classWeights)
                if options.mixup > 0 {
                    Mixup.blend(
                        &inputs, &targets, &weights, rows: batch.count, columns: sample, classes: classes,
                        alpha: options.mixup, random: &random)
                }
                var probabilities = stack.forward(inputs, batch: batch.count, mode: mode, random: &random)
                activation.apply(&probabilities, rows: batch.count, columns: classes)
                let (loss, delta, present) = activation.loss(
                    probabilities, targets: targets, weights: weights, rows: batch.count, columns: classes)
                for parameter in parameters { parameter.clearGradient() }
                // A frozen trunk needs no gradients: only the output layer goes backwards.
                if frozenTrunk == nil {
                    stack.backward(delta, batch: batch.count)
                } else {
                    _ = stack.layers.last?.backward(delta, batch: batch.count)
                }
                optimizer.beginStep()
                for (slot, parameter) in parameters.enumerated() {
                    if let task = headOf[ObjectIdentifier(parameter)], !present[task] { continue }
                    optimizer.step(slot, parameter, rate: rate, decay: decay)
                }
                lossSum += loss
                batches += 1
            }
            var score: (loss: Float, accuracy: Float)?
            if !validation.isEmpty {
                let probabilities = ConvClassifier.probabilities(
                    clips, stack: stack, crops: crops, classes: classes, activation: activation)
                score = activation.score(probabilities, validationTargets, columns: classes)
            }
            // Recorded whether or not anyone listens: `progress?(…)` would skip evaluating it.
            let report = stopping.record(
                epoch: epoch, fold: fold, trainLoss: lossSum / Float(max(1, batches)), validation: score,
                snapshot: { stack.tensorValues })
            progress?(report)
            checkpoints?.save(
                fold, after: epoch, tensors: stack.tensors, optimizer: optimizer, random: random, stopping: stopping,
                order: order)
        }
        stack.load(stopping.best.snapshot)
        var thresholds: [Float]?
        if activation.multiLabel {
            let probabilities = ConvClassifier.probabilities(
                clips, stack: stack, crops: crops, classes: classes, activation: activation)
            thresholds = activation.thresholds(probabilities, validationTargets, columns: classes)
        }
        guard
            let classifier = try? ConvClassifier(
                classes: data.classes, architecture: architecture, mels: mels, cropFrames: cropFrames,
                standardizer: crops.standardizer, output: output, thresholds: thresholds,
                tensors: stopping.best.snapshot, tasks: tasks)
        else { preconditionFailure("the tensors come from the architecture's own network") }
        return (classifier, stopping.curve)
    }

    /// One augmented, standardised crop per track in `batch`.
    private func trainingCrops(
        _ batch: [Int], _ data: LabeledData, crops: SpectrogramCrops, pads: [Float], random: inout SeededRandom
    ) -> [Float] {
        let sample = crops.mels * crops.frames, augmentation = self.augmentation
        var inputs = [Float](repeating: 0, count: batch.count * sample)
        data.features.withUnsafeBufferPointer { features in
            inputs.withUnsafeMutableBufferPointer { inputs in
                for (index, row) in batch.enumerated() {
                    let crop = inputs.baseAddress! + index * sample
                    let length = data.frameCount(row)
                    let window = crops.trainingWindow(length: length, options: augmentation, random: &random)
                    let gain = augmentation.gainDecibels * (2 * random.unit() - 1)
                    crops.crop(
                        features.baseAddress! + row * data.columns, width: data.sampleShape[1], length: length,
                        start: window.start, step: window.step, pad: pads[row], gain: gain, into: crop)
                    if augmentation.noiseDecibels > 0 && random.unit() < 0.5 {
                        SpectrogramCrops.addNoise(
                            crop, count: sample, decibels: augmentation.noiseDecibels, random: &random)
                    }
                    crops.standardize(crop)
                    crops.mask(crop, options: augmentation, random: &random)
                }
            }
        }
        return inputs
    }
}

extension ConvTrainer: ModelTrainer {
    public var seed: UInt64 { options.seed }

    public func probabilities(_ model: ConvClassifier, _ data: LabeledData, rows: [Int]) -> [Float] {
        model.probabilities(rows.map { data.spectrogram($0) })
    }

    /// A CNN takes a spectrogram per track.
    public func inputProblem(matrices: Bool) -> String? {
        matrices ? nil : "a CNN takes a log-mel spectrogram per track, not a vector"
    }
}

extension LabeledData {
    /// Track `row`'s spectrogram, without the padding.
    func spectrogram(_ row: Int) -> FeatureMatrix {
        let mels = sampleShape[0], width = sampleShape[1], length = frameCount(row)
        var values = [Float]()
        values.reserveCapacity(mels * length)
        for band in 0..<mels {
            let start = row * columns + band * width
            values += features[start..<(start + length)]
        }
        return FeatureMatrix(rows: mels, columns: length, values: values)
    }
}
