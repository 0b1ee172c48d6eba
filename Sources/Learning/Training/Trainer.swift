import Foundation

/// One epoch's figures, for progress lines.
public struct EpochReport: Sendable {
    /// The fold (from 1), or 0 for the final model on all tracks.
    public var fold: Int
    public var epoch: Int
    public var trainLoss: Float
    public var validationLoss: Float?
    public var validationAccuracy: Float?
}

/// Trains a classifier head on some of a ``LabeledData``'s rows.
///
/// ```swift
/// var options = TrainingOptions()
/// options.model = .mlp
/// let (classifier, curve) = Trainer(options: options).fit(data, rows: trainingRows)
/// ```
public struct Trainer: Sendable {
    /// How to train.
    public var options: TrainingOptions
    /// Pretrained weights for the first hidden layer, if fine-tuning.
    public var warmStart: WarmStart?

    /// Creates a trainer; with `warmStart`, the MLP's first hidden layer starts from its weights.
    public init(options: TrainingOptions, warmStart: WarmStart? = nil) {
        precondition(warmStart == nil || options.model == .mlp, "a warm start needs an MLP")
        self.options = options
        self.warmStart = warmStart
    }

    /// A classifier trained on `data`'s rows at `indices` (standardisation fitted on them alone), and
    /// its curve. Early stopping watches an inner validation part of those rows; with
    /// ``TrainingOptions/refit`` the head is then trained again from the start on all of them for the
    /// best epoch count, so the held-out rows are not lost to the final weights. The validation part
    /// is a stratified share; for L-BFGS, where the rows come in ``LabeledData/groups`` (the folds of
    /// a cross-validation), it is one whole group, so that it is as unlike the training rows as the
    /// held-out fold is. A multi-label set always holds out at least a tenth, for its thresholds.
    public func fit(
        _ data: LabeledData, rows indices: [Int], seed: UInt64? = nil, fold: Int = 0,
        progress: (@Sendable (EpochReport) -> Void)? = nil
    ) -> (Classifier, TrainingCurve) {
        precondition(options.optimizer != .lbfgs || options.model == .softmax, "L-BFGS trains softmax regression")
        var random = SeededRandom(seed: seed ?? options.seed)
        let fullBatch = options.optimizer == .lbfgs
        let share = data.multiLabel ? max(options.validationFraction, 0.1) : options.validationFraction
        return EarlyStopping<Network>.fit(
            data, rows: indices, share: share, byGroup: fullBatch, refit: options.refit, epochs: options.epochs,
            random: &random
        ) { training, validation, epochs, _, random in
            fullBatch
                ? minimize(
                    data, training: training, validation: validation, iterations: epochs, fold: fold, progress: progress
                )
                : run(
                    data, training: training, validation: validation, epochs: epochs, fold: fold, random: &random,
                    progress: progress)
        }
    }

    /// Softmax (or per-class logistic) regression from zero weights by L-BFGS on every row of
    /// `training`: the weighted mean loss plus the L2 term, to a largest gradient entry of 1e-4 or
    /// `iterations` iterations. The curve has a point per iteration; with a validation part it keeps
    /// the iteration with the lowest validation loss and stops ``TrainingOptions/patience``
    /// iterations after it (stopping early is what regularises L-BFGS beyond the L2 term: the first
    /// iterations fit the directions that generalise), and the validation part sets multi-label
    /// thresholds.
    private func minimize(
        _ data: LabeledData, training: [Int], validation: [Int], iterations: Int, fold: Int,
        progress: (@Sendable (EpochReport) -> Void)?
    ) -> (Classifier, TrainingCurve) {
        // The training rows, then the validation rows: one product scores both at each point.
        var x = data.features(of: training + validation)
        let standardizer = Standardizer(fitting: x, rows: training.count, columns: data.columns)
        standardizer.standardize(&x)
        let classes = data.classes.count, size = classes * data.columns
        let output = data.multiLabel ? OutputActivation.sigmoid : .softmax
        let classWeights = options.classWeight == .balanced ? data.balancedWeights(training) : nil
        let validationTargets = data.targets(of: validation)
        var objective = SoftmaxRegressionObjective(
            inputs: x, targets: data.targets(of: training),
            weights: data.rowWeights(training, classWeights: classWeights), rows: training.count,
            validationTargets: validationTargets, columns: data.columns, classes: classes,
            l2: options.penalty(rows: training.count), output: output)
        func network(_ parameters: [Float]) -> Network {
            let layer = DenseLayer(
                inputs: data.columns, outputs: classes, weights: Array(parameters[..<size]),
                bias: Array(parameters[size...]))
            return Network(layers: [layer], output: output)
        }
        var parameters = [Float](repeating: 0, count: objective.parameterCount)
        var stopping = EarlyStopping(initial: network(parameters), patience: options.patience)
        var iteration = 0
        LBFGS(iterations: iterations).minimize(&parameters, { objective.evaluate($0) }) { point, value in
            // The point L-BFGS reports is the one it evaluated last.
            let report = stopping.record(
                epoch: iteration, fold: fold, trainLoss: Float(value), validation: objective.validationScore,
                snapshot: { network(point) })
            progress?(report)
            iteration += 1
            return stopping.isDone
        }
        let fitted = stopping.best.snapshot
        var thresholds: [Float]?
        if data.multiLabel {
            let probabilities = fitted.probabilities(
                Array(x[(training.count * data.columns)...]), rows: validation.count)
            thresholds = Validation.thresholds(probabilities, validationTargets, classes: classes)
        }
        let classifier = Classifier(
            classes: data.classes, standardizer: standardizer, network: fitted, thresholds: thresholds)
        return (classifier, stopping.curve)
    }

    /// Up to `epochs` epochs on `training` from fresh weights, keeping the epoch with the lowest
    /// validation loss (the last one without validation rows).
    private func run(
        _ data: LabeledData, training: [Int], validation: [Int], epochs: Int, fold: Int, random: inout SeededRandom,
        progress: (@Sendable (EpochReport) -> Void)?
    ) -> (Classifier, TrainingCurve) {
        let standardizer = Standardizer(
            fitting: data.features(of: training), rows: training.count, columns: data.columns)
        let x = standardizer.transform(data.features)
        let classCount = data.classes.count
        let classWeights = options.classWeight == .balanced ? data.balancedWeights(training) : nil
        var network = Network(
            inputs: data.columns, hidden: options.model == .mlp ? options.hidden : [], outputs: classCount,
            output: data.multiLabel ? .sigmoid : .softmax, random: &random)
        if let warmStart {
            precondition(
                warmStart.inputs == data.columns && warmStart.outputs == options.hidden.first,
                "the warm start's shape must match the features and the first hidden layer")
            network.layers[0] = warmStart.layer(standardizedBy: standardizer)
        }
        var trainer = NetworkTrainer(
            network: network, optimizer: options.optimizer, l2: options.penalty(rows: training.count),
            dropout: options.model == .mlp ? options.dropout : 0)
        let validationX = gather(x, validation, columns: data.columns)
        let validationTargets = data.targets(of: validation)

        var stopping = EarlyStopping(initial: network, patience: options.patience)
        var order = training
        for epoch in 0..<epochs {
            order.shuffle(using: &random)
            let rate = options.schedule.rate(
                options.learningRate, epoch: epoch, epochs: epochs, cycleEpochs: options.cycleEpochs)
            var lossSum: Float = 0, batches = 0
            for start in stride(from: 0, to: order.count, by: options.batchSize) {
                let batch = Array(order[start..<min(order.count, start + options.batchSize)])
                var inputs = gather(x, batch, columns: data.columns)
                var targets = data.targets(of: batch)
                var rowWeights = data.rowWeights(batch, classWeights: classWeights)
                if options.mixup > 0 {
                    Mixup.blend(
                        &inputs, &targets, &rowWeights, rows: batch.count, columns: data.columns, classes: classCount,
                        alpha: options.mixup, random: &random)
                }
                lossSum += trainer.step(
                    inputs: inputs, targets: targets, weights: rowWeights, rows: batch.count, rate: rate,
                    random: &random)
                batches += 1
            }
            var score: (loss: Float, accuracy: Float)?
            if !validation.isEmpty {
                let probabilities = trainer.network.probabilities(validationX, rows: validation.count)
                score = Validation.score(
                    probabilities, validationTargets, classes: classCount, multiLabel: data.multiLabel)
            }
            // Recorded whether or not anyone listens: `progress?(…)` would skip evaluating it.
            let report = stopping.record(
                epoch: epoch, fold: fold, trainLoss: lossSum / Float(max(1, batches)) + trainer.penalty,
                validation: score, snapshot: { trainer.network })
            progress?(report)
            if stopping.isDone { break }
        }

        var thresholds: [Float]?
        if data.multiLabel {
            let probabilities = stopping.best.snapshot.probabilities(validationX, rows: validation.count)
            thresholds = Validation.thresholds(probabilities, validationTargets, classes: classCount)
        }
        let classifier = Classifier(
            classes: data.classes, standardizer: standardizer, network: stopping.best.snapshot, thresholds: thresholds)
        return (classifier, stopping.curve)
    }

    private func gather(_ x: [Float], _ indices: [Int], columns: Int) -> [Float] {
        var out = [Float]()
        out.reserveCapacity(indices.count * columns)
        for index in indices { out += x[(index * columns)..<((index + 1) * columns)] }
        return out
    }

}

/// A hidden layer's pretrained weights in the raw feature space, to start fine-tuning from.
public struct WarmStart: Sendable {
    /// Input features.
    public var inputs: Int
    /// Hidden units.
    public var outputs: Int
    /// `outputs × inputs` weights, row-major.
    public var weights: [Float]
    /// `outputs` biases.
    public var bias: [Float]

    /// A warm start; `weights` is `outputs × inputs`, row-major.
    public init(inputs: Int, outputs: Int, weights: [Float], bias: [Float]) {
        precondition(weights.count == inputs * outputs && bias.count == outputs, "weights must be outputs × inputs")
        self.inputs = inputs
        self.outputs = outputs
        self.weights = weights
        self.bias = bias
    }

    /// The same layer for standardised inputs `z = (x − mean) / scale`:
    /// `W x + b = (W · diag(scale)) z + (W · mean + b)`.
    func layer(standardizedBy standardizer: Standardizer) -> DenseLayer {
        var weights = self.weights, bias = self.bias
        for unit in 0..<outputs {
            for input in 0..<inputs {
                let weight = weights[unit * inputs + input]
                bias[unit] += weight * standardizer.mean[input]
                weights[unit * inputs + input] = weight * standardizer.scale[input]
            }
        }
        return DenseLayer(inputs: inputs, outputs: outputs, weights: weights, bias: bias)
    }
}
