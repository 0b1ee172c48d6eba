import ArgumentParser
import AudioFeatures
import Foundation
import Learning
import Pretrained
import Store
import Workflows

struct Train: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train a classifier on a label version's audio features, with out-of-fold probabilities.",
        discussion: """
            The folds are the version's latest split (`tagmine split`); a version without one gets
            --folds stratified folds (grouped with --group-by), stored with it. Every labeled track with
            features gets class probabilities from the fold model that did not see it; a final model is
            trained on all of them. Tracks without features are listed, not silently dropped.

            Softmax regression (the default) trains as scikit-learn's LogisticRegression(C=0.1): L-BFGS
            on every training track to convergence. --model mlp trains 12 epochs with a cosine schedule.

            --model cnn trains a convolutional network on logmel spectrograms (README "Training a CNN"):
            random crops with SpecAugment, gain and stretch, mixup 0.2, Adam 0.001 with a cosine
            schedule, up to 60 epochs with early stopping. Its defaults differ from the heads' where
            marked below.

            --model musicnn-msd (or musicnn-mtt) --fine-tune backend|all fine-tunes the pretrained
            network on its input spectrograms (`tagmine features --extractor musicnn-input`; README
            "Fine-tuning musicnn"): a head trained on its embeddings first, then the head and musicnn's
            back end (or every layer) together, the pretrained layers at --rate-ratio of the head's rate,
            batch statistics frozen. --fine-tune dense trains an MLP from its dense layer on the
            musicnn-msd features.
            """)

    @OptionGroup var store: StoreOptions
    @Argument(help: "The label version (name or id); --tasks names several instead.") var labelSet: String?
    @Option(
        help: """
            Several label versions (comma-separated) for one multi-task CNN or fine-tuned musicnn: one \
            output layer each, trained on the union of their tracks; one run per version.
            """)
    var tasks: String?
    @Option(
        help: "Multi-task loss weights: equal, or size (inverse to each version's labeled tracks) (default equal).",
        transform: { try choice($0, as: TaskWeighting.init(rawValue:), choices: TaskWeighting.allCases) })
    var taskWeights: TaskWeighting?
    @Flag(help: "Multi-task: also train each version alone, with the same network, options and folds.")
    var baselines = false
    @Option(
        help: """
            cnn: train only a new output layer for this version on a trained CNN run's network (a \
            multi-task run's trunk), every other layer frozen.
            """)
    var freezeTrunk: String?
    @OptionGroup var extractor: ExtractorOptions

    @Option(
        help:
            "softmax (regression), mlp, cnn, musicnn-msd or musicnn-mtt (default softmax; mlp with --fine-tune dense).",
        transform: { try choice($0, as: ModelKind.init(rawValue:), choices: ModelKind.allCases) })
    var model: ModelKind?
    @Option(
        help: """
            dense: start the MLP's hidden layer from the pretrained extractor's dense back end \
            (musicnn-msd / musicnn-mtt) and train it with a new output layer; backend: fine-tune \
            musicnn's mid and back end with the head (the default with --model musicnn-msd|mtt); all: every layer.
            """,
        transform: { try choice($0, as: FineTuning.init(rawValue:), choices: FineTuning.allCases) })
    var fineTune: FineTuning?
    @Option(help: "Folds, when the version has no split yet.") var folds = 5
    @Option(
        help: "Keep each artist (or album) in one fold, when folds are made here.",
        transform: {
            try choice($0, as: SplitRequest.Grouping.init(rawValue:), choices: SplitRequest.Grouping.allCases)
        })
    var groupBy: SplitRequest.Grouping?
    @Option(help: "MLP hidden widths, e.g. 256 or 256,128 (default 256).") var hidden: String?
    @Option(help: "MLP dropout (default 0.2).") var dropout: Float?
    @Option(
        help:
            "L2 penalty (weight decay) on weights (default 10/n for n training tracks, scikit-learn's C = 0.1; mlp 0.003; cnn 0.0001)."
    ) var l2: Float?
    @Option(
        help:
            "lbfgs (softmax only: full batch, stopped early on a held-out fold), adam, amsgrad or sgd (default lbfgs; mlp, cnn adam).",
        transform: { try choice($0, as: OptimizerKind.init(rawValue:), choices: OptimizerKind.allCases) })
    var optimizer: OptimizerKind?
    @Option(name: .customLong("lr"), help: "Learning rate (default 0.003; cnn 0.001).") var learningRate: Float?
    @Option(help: "SGD's momentum (default 0.9).") var momentum: Float?
    @Option(
        help: "constant, cosine or cyclic (default constant; mlp, cnn cosine).",
        transform: { try choice($0, as: LearningRateSchedule.init(rawValue:), choices: LearningRateSchedule.allCases) })
    var schedule: LearningRateSchedule?
    @Option(help: "Most epochs (lbfgs: iterations); early stopping keeps the best (default 100; mlp 12; cnn 60).")
    var epochs: Int?
    @Option(help: "Tracks per mini-batch (default 64; cnn 32).") var batchSize: Int?
    @Option(help: "Mixup Beta(α, α) parameter; 0 is off (default 0; cnn 0.2).") var mixup: Float?
    @Option(
        help: "none or balanced (default none).",
        transform: { try choice($0, as: ClassWeighting.init(rawValue:), choices: ClassWeighting.allCases) })
    var classWeight: ClassWeighting?
    @Option(help: "Epochs without a better validation loss before stopping (default 5; mlp 10; cnn 12).")
    var patience: Int?
    @Option(
        help:
            "Share of each training part held out for early stopping; 0 trains every epoch (default 0.1; mlp 0; cnn 0.15; lbfgs in cross-validation holds out one other fold instead; multi-label sets hold out at least 0.1 for their thresholds)."
    )
    var validationFraction: Float?
    @Flag(help: "Keep the early-stopped weights instead of refitting on the whole training part (cnn does not refit).")
    var noRefit = false
    @Option(help: "cnn: a built-in architecture (compact, esc50) or a TOML file (default compact).")
    var architecture: String?
    @Option(help: "cnn: seconds per training crop; prediction averages crops (default 3).") var cropSeconds: Float?
    @Option(help: "cnn: SpecAugment masks of each kind (frequency, time) per crop; 0 is off (default 2).")
    var specAugment: Int?
    @Option(help: "cnn: random gain of ± this many dB per crop; 0 is off (default 6).") var gain: Float?
    @Option(help: "cnn: white noise this many dB below each crop's mean power, half the time; 0 is off (default 0).")
    var noise: Float?
    @Option(help: "cnn: random time stretch by 1 ± this; 0 is off (default 0.1).") var stretch: Float?
    @Flag(help: "cnn: centre the crops instead of placing them at random.") var noShift = false
    @Option(help: "Fine-tuning: the pretrained layers' learning rate as a share of the head's (default 0.1).")
    var rateRatio: Float?
    @Option(
        help:
            "Fine-tuning: frozen (the pretrained running statistics) or updated batch normalization (default frozen).",
        transform: { try choice($0, as: BatchStatistics.init(rawValue:), choices: BatchStatistics.allCases) })
    var batchStatistics: BatchStatistics?
    @Option(help: "Seed: the same seed gives the same run.") var seed: UInt64 = 42
    @Option(help: "Folds trained at once (default: one per core).") var jobs: Int?
    @Option(help: "A name for the run.") var name: String?
    @Option(help: "Who trains it (default: $USER).") var author: String?

    /// The model trained: `--model musicnn-msd --fine-tune dense` is the MLP on its features.
    var trainedModel: ModelKind {
        if fineTune == .dense { return .mlp }
        return model ?? (fineTune == nil ? .softmax : .mlp)
    }

    /// The extractor when none is given: a CNN's logmel, fine-tuning's musicnn input, the dense
    /// warm start's musicnn features, the heads' logmel-stats.
    var defaultExtractor: ExtractorKind {
        switch trainedModel {
        case .cnn: .logmel
        case .musicnnMSD, .musicnnMTT: .musicnnInput
        case .mlp where fineTune == .dense && model?.isPretrained == true:
            model == .musicnnMTT ? .musicnnMTT : .musicnnMSD
        default: .logmelStats
        }
    }

    var options: TrainingOptions {
        var options = TrainingOptions.defaults(for: trainedModel)
        if let fineTune { options.fineTune = fineTune }
        if fineTune == .dense { options.hidden = [MusicnnWeights.denseUnits] }
        if var transfer = options.transfer {
            if let rateRatio { transfer.rateRatio = rateRatio }
            if let batchStatistics { transfer.statistics = batchStatistics }
            options.transfer = transfer
        }
        if let hidden {
            options.hidden = hidden.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) ?? 0 }
        }
        if let dropout { options.dropout = dropout }
        if let l2 { options.l2 = l2 }
        if let optimizer { options.optimizer = optimizer }
        if let learningRate { options.learningRate = learningRate }
        if let schedule { options.schedule = schedule }
        if let epochs { options.epochs = epochs }
        if let batchSize { options.batchSize = batchSize }
        if let mixup { options.mixup = mixup }
        if let classWeight { options.classWeight = classWeight }
        if let patience { options.patience = patience }
        if let validationFraction { options.validationFraction = validationFraction }
        if let momentum { options.momentum = momentum }
        if noRefit { options.refit = false }
        // Mixup would blend a track a task labels with one it does not.
        if tasks != nil && mixup == nil { options.mixup = 0 }
        options.seed = seed
        if var convolution = options.convolution {
            if let architecture { convolution.architecture = architecture }
            if let cropSeconds { convolution.cropSeconds = cropSeconds }
            if let specAugment {
                convolution.frequencyMasks = specAugment
                convolution.timeMasks = specAugment
            }
            if let gain { convolution.gainDecibels = gain }
            if let noise { convolution.noiseDecibels = noise }
            if let stretch { convolution.stretch = stretch }
            if noShift { convolution.shift = false }
            options.convolution = convolution
        }
        return options
    }

    func validate() throws {
        let problems = options.problems
        if !problems.isEmpty { throw ValidationError(problems.joined(separator: "; ")) }
        if folds < 2 { throw ValidationError("--folds must be at least 2") }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        let convolutional: [Any?] = [architecture, cropSeconds, specAugment, gain, noise, stretch]
        if options.model != .cnn && (convolutional.contains { $0 != nil } || noShift) {
            throw ValidationError("--architecture, --crop-seconds and the augmentation options need --model cnn")
        }
        if (labelSet == nil) == (tasks == nil) {
            throw ValidationError("name one label version, or several with --tasks")
        }
        if tasks == nil && (taskWeights != nil || baselines) {
            throw ValidationError("--task-weights and --baselines go with --tasks")
        }
        if tasks != nil && options.model != .cnn && !options.model.isPretrained {
            throw ValidationError("--tasks trains a CNN or musicnn: add --model cnn, musicnn-msd or musicnn-mtt")
        }
        if freezeTrunk != nil && (options.model != .cnn || tasks != nil) {
            throw ValidationError("--freeze-trunk trains one version's CNN output layer: --model cnn, no --tasks")
        }
        if freezeTrunk != nil && (architecture != nil || cropSeconds != nil) {
            throw ValidationError(
                "--freeze-trunk keeps the run's network and crops: leave out --architecture and --crop-seconds")
        }
        if !options.model.isPretrained && (rateRatio != nil || batchStatistics != nil) {
            throw ValidationError(
                "--rate-ratio and --batch-statistics need --model musicnn-msd|musicnn-mtt --fine-tune backend|all")
        }
    }

    func run() async throws {
        let store = try store.open()
        let names =
            tasks.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } } ?? [labelSet ?? ""]
        var sets: [LabelSet] = []
        for name in names { sets.append(try await store.labelSet(named: name)) }
        let progress = Progress(label: "train")
        var options = self.options
        if let freezeTrunk { options.frozenTrunk = try await store.run(named: freezeTrunk).id }
        let request = TrainRequest(
            labelSet: sets[0], extractor: extractor.spec(defaultKind: defaultExtractor),
            options: options, folds: folds, groupBy: groupBy, jobs: jobs,
            name: name, author: author ?? defaultAuthor())
        // A CNN's epochs take seconds to minutes: each gets a line of its own, with an estimate of
        // the time left (an upper bound: early stopping usually ends trainings sooner).
        let clock = EpochClock(budget: (folds + 1) * options.epochs)
        let cnn = options.model == .cnn || options.model.isPretrained
        let reporter = progress.reporter(persistent: cnn) { (step: EpochReport) in
            let fold = step.fold == 0 ? "final" : "fold \(step.fold)"
            let validation = step.validationAccuracy.map { String(format: ", validation accuracy %.3f", $0) } ?? ""
            let left = cnn ? clock.tick().map { ", at most \($0) left" } ?? "" : ""
            return
                "\(fold), epoch \(step.epoch + 1): loss \(String(format: "%.4f", step.trainLoss))\(validation)\(left)"
        }
        let resumed: @Sendable ([Int], Int) -> Void = { folds, total in
            let list = folds.map(String.init).joined(separator: ", ")
            print("Resuming an interrupted training: fold\(folds.count == 1 ? "" : "s") \(list) of \(total) kept")
        }
        let workflow = TrainingWorkflow(store: store)
        if tasks != nil {
            let runs = try await workflow.train(
                tasks: MultiTaskRequest(labelSets: sets, training: request, weighting: taskWeights ?? .equal),
                progress: reporter, resumed: resumed)
            progress.finish()
            var alone: [Run?] = []
            for (set, run) in zip(sets, runs) {
                guard baselines else {
                    alone.append(try await Self.singleTaskRun(like: run, store))
                    continue
                }
                var single = request
                single.labelSet = set
                single.name = name.map { "\($0).\(set.name ?? "\(set.id)").alone" }
                alone.append(try await workflow.train(single, progress: reporter, resumed: resumed))
                progress.finish()
            }
            return try await Self.describe(tasks: runs, alone: alone, store)
        }
        let run = try await workflow.train(request, progress: reporter, resumed: resumed)
        progress.finish()
        let predictions = try await store.predictions(of: run)
        print(Self.describe(run, accuracy: predictions.topOneAccuracy))
        let skipped = try await store.skippedTracks(of: run)
        if !skipped.isEmpty {
            print("Skipped \(skipped.count) labeled tracks:")
            for track in skipped.prefix(10) { print("  \(track.catalogueID): \(track.reason)") }
            if skipped.count > 10 { print("  … and \(skipped.count - 10) more") }
        }
    }

    /// The latest single-task run on `run`'s version with its folds and model, if any.
    static func singleTaskRun(like run: Run, _ store: Store) async throws -> Run? {
        try await store.runs().last {
            $0.taskGroup == nil && $0.labelSetID == run.labelSetID && $0.splitID == run.splitID
                && $0.modelDescription == run.modelDescription && $0.extractor == run.extractor
        }
    }

    /// A multi-task training: each task's run with its accuracy, next to the same network trained
    /// on that task alone on the same folds (or how to train it).
    static func describe(tasks runs: [Run], alone: [Run?], _ store: Store) async throws {
        let first = runs[0]
        print(
            "Multi-task \(first.modelDescription) on \(first.extractor.name) [\(first.extractor.parametersHash)], "
                + "\(first.curves.folds.count) folds, \(runs.count) tasks; " + String(format: "%.2f s", first.seconds))
        var table = Table(header: ["task", "run", "tracks", "classes", "accuracy", "alone", "change"])
        table.rightAligned = [1, 2, 3, 4, 5, 6]
        for (run, single) in zip(runs, alone) {
            let set = try await store.labelSet(run.labelSetID)
            let accuracy = try await store.predictions(of: run).topOneAccuracy
            var baseline: Double?
            if let single { baseline = try await store.predictions(of: single).topOneAccuracy }
            table.rows.append([
                set.name ?? "\(set.id)", run.name ?? "\(run.id)", "\(run.predictedTracks)",
                "\(run.classes.count)\(run.multiLabel ? " (multi-label)" : "")", String(format: "%.3f", accuracy),
                baseline.map { String(format: "%.3f (run \(single!.id))", $0) } ?? "—",
                baseline.map { String(format: "%+.3f", accuracy - $0) } ?? "",
            ])
        }
        print(table.render())
        if alone.contains(where: { $0 == nil }) {
            print("\"alone\": the same network on one version and these folds; --baselines trains them.")
        }
    }

    static func describe(_ run: Run, accuracy: Double) -> String {
        let epochs = run.curves.folds.map { "\($0.bestEpoch + 1)" }.joined(separator: "/")
        let counted = run.options.optimizer == .lbfgs ? "L-BFGS iterations" : "best epochs"
        return "Run \(run.id)\(run.name.map { " '\($0)'" } ?? ""): \(run.modelDescription) on \(run.extractor.name) "
            + "[\(run.extractor.parametersHash)], \(run.curves.folds.count) folds, \(run.predictedTracks) tracks, "
            + "\(run.classes.count) classes\(run.multiLabel ? " (multi-label)" : ""); out-of-fold accuracy "
            + String(format: "%.3f", accuracy) + "; \(counted) \(epochs); " + String(format: "%.2f s", run.seconds)
    }
}

struct Runs: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List training runs.")

    @OptionGroup var store: StoreOptions

    func run() async throws {
        let store = try store.open()
        var table = Table(header: [
            "id", "name", "label set", "extractor", "model", "tracks", "accuracy", "seconds", "by",
        ])
        table.rightAligned = [0, 5, 6, 7]
        for run in try await store.runs() {
            let accuracy = try await store.predictions(of: run).topOneAccuracy
            table.rows.append([
                "\(run.id)", run.name ?? "", "\(run.labelSetID)", run.extractor.name, run.options.model.rawValue,
                "\(run.predictedTracks)", String(format: "%.3f", accuracy), String(format: "%.1f", run.seconds),
                run.createdBy,
            ])
        }
        print(table.render())
    }
}

struct Predict: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Class probabilities for audio files from a run's final model.")

    @OptionGroup var store: StoreOptions
    @Argument(help: "Audio files.") var files: [String]
    @Option(help: "The run (name or id).") var run: String
    @Option(help: "Classes shown per file (default: all).") var top: Int?
    @Flag(help: "One JSON object per file.") var json = false

    func run() async throws {
        let store = try store.open()
        let model = try await TrainingWorkflow(store: store).model(of: try await store.run(named: run))
        let predictor = Predictor(model: model, extractor: try model.extractor.extractorFactory()())
        try forEachAudioFile(files) { file in
            let prediction = try predictor.predict(file)
            if json { return try printJSON(prediction) }
            let shown = prediction.top(top ?? prediction.classes.count)
            print(
                file + ": "
                    + shown.map { "\($0.className) \(String(format: "%.3f", $0.probability))" }.joined(separator: ", "))
        }
    }
}
