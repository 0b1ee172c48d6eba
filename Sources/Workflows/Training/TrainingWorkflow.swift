import AudioFeatures
import Crypto
import Foundation
public import Learning
import Pretrained
public import Store

/// Training a head on a label version's features: folds, out-of-fold probabilities for every
/// labeled track, a final model on all of them, checkpoints so an interrupted training resumes,
/// and the run recorded in the store.
///
/// ```swift
/// let run = try await TrainingWorkflow(store: store).train(
///     TrainRequest(labelSet: genre, extractor: ExtractorSpec(.logmelStats), options: TrainingOptions(), author: "me"))
/// ```
public struct TrainingWorkflow: Sendable {
    /// The store the label versions, features and runs are in.
    public let store: Store

    /// A workflow over `store`.
    public init(store: Store) {
        self.store = store
    }

    /// Trains a head with k-fold out-of-fold probabilities for every labeled track that has features,
    /// then a final model on all of them, and stores the run in one transaction.
    ///
    /// The folds are the label version's latest stored split (any split's parts serve as folds); a
    /// version without one gets stratified (and, with `groupBy`, grouped) folds, stored with it.
    ///
    /// Each fold is checkpointed as it finishes. Training the same request again after an
    /// interruption keeps those folds (`resumed` hears which, from 1, before training starts) and
    /// trains the rest; the run is the one an uninterrupted training would have stored.
    public func train(
        _ request: TrainRequest, progress: (@Sendable (EpochReport) -> Void)? = nil,
        resumed: (@Sendable (_ folds: [Int], _ of: Int) -> Void)? = nil
    ) async throws -> Run {
        if let name = request.name { try Store.requireName(name, of: "a run") }
        let problems = request.options.problems
        guard problems.isEmpty else { throw StoreError(.invalidRequest, problems.joined(separator: "; ")) }
        if request.options.model == .cnn {
            var request = request
            guard let convolution = request.options.convolution else {
                throw StoreError(.invalidRequest, "a CNN needs its options")
            }
            let mel = request.extractor.mel
            var cropFrames = Int((Double(convolution.cropSeconds) * Double(mel.sampleRate) / Double(mel.hop)).rounded())
            var architecture = try ArchitectureLibrary.architecture(convolution.architecture)
            var frozen: FrozenTrunk?
            if let source = request.options.frozenTrunk {
                let network: ConvClassifier
                (network, request.options.convolution) = try await frozenTrunk(of: source, for: request)
                (architecture, cropFrames, frozen) = (network.architecture, network.cropFrames, network.frozenTrunk)
            }
            var trainer = ConvTrainer(options: request.options, architecture: architecture, cropFrames: cropFrames)
            trainer.frozenTrunk = frozen
            let store = store
            return try await train(
                request, trainer: trainer, progress: progress, resumed: resumed,
                // The network itself, not only its name: an edited architecture file trains anew.
                fingerprint: try JSONEncoder.sorted.string(architecture)
                    + (request.options.frozenTrunk.map { " on run \($0)'s trunk" } ?? ""),
                prepare: { trainer, key in trainer.checkpoints = Self.epochCheckpoints(store, key) },
                check: { data throws in
                    do {
                        try trainer.check(mels: data.sampleShape[0], classes: data.classes.count)
                    } catch {
                        throw StoreError(
                            .invalidRequest,
                            "architecture '\(convolution.architecture)' on \(data.sampleShape[0]) mel bands × "
                                + "\(cropFrames)-frame crops: \(error)")
                    }
                }, model: { .convolutional($0) })
        }
        if request.options.model.isPretrained {
            return try await fineTune(request, progress: progress, resumed: resumed)
        }
        let trainer = Trainer(options: request.options, warmStart: try Self.warmStart(for: request))
        return try await train(
            request, trainer: trainer, progress: progress, resumed: resumed, fingerprint: "", prepare: { _, _ in },
            check: { _ in },
            model: { .dense($0) })
    }

    /// The CNN of run `source`, whose layers but the output layer a `--freeze-trunk` training
    /// keeps, and the crop options it was trained with; refuses another kind of run or features.
    private func frozenTrunk(of source: Int64, for request: TrainRequest) async throws -> (
        ConvClassifier, ConvolutionOptions?
    ) {
        let run = try await store.run(source)
        let file = try await model(of: run)
        guard case .convolutional(let network) = file.model else {
            throw StoreError(
                .invalidRequest, "run \(source) is not a CNN; --freeze-trunk takes a CNN run (train --model cnn)")
        }
        guard file.extractor.parametersHash == request.extractor.parametersHash else {
            throw StoreError(
                .invalidRequest,
                "run \(source) was trained on \(file.extractor.name) [\(file.extractor.parametersHash)], not "
                    + "\(request.extractor.name) [\(request.extractor.parametersHash)]: give the same extractor options"
            )
        }
        return (network, run.options.convolution)
    }

    /// Fine-tunes musicnn's own layers (``FineTuning/backend`` or ``FineTuning/all``) on its input spectrograms.
    private func fineTune(
        _ request: TrainRequest, progress: (@Sendable (EpochReport) -> Void)?,
        resumed: (@Sendable (_ folds: [Int], _ of: Int) -> Void)?
    ) async throws -> Run {
        let trainer = try Self.musicnnTrainer(request, tasks: nil)
        let store = store
        return try await train(
            request, trainer: trainer, progress: progress, resumed: resumed,
            fingerprint: request.options.model.rawValue,
            prepare: { trainer, key in trainer.checkpoints = Self.epochCheckpoints(store, key) }, check: { _ in },
            model: { .musicnn($0) })
    }

    /// The trainer of a request that fine-tunes musicnn's own layers, with `tasks` for a multi-task one.
    static func musicnnTrainer(_ request: TrainRequest, tasks: [TaskHead]?) throws -> MusicnnTrainer {
        guard let model = MusicnnModel(name: request.options.model.rawValue) else {
            throw StoreError(.invalidRequest, "no pretrained network '\(request.options.model.rawValue)'")
        }
        guard request.extractor.kind == .musicnnInput else {
            throw StoreError(
                .invalidRequest,
                "fine-tuning \(model.rawValue)'s layers trains on its input spectrograms: --extractor musicnn-input, "
                    + "not \(request.extractor.name)")
        }
        return try MusicnnTrainer(
            options: request.options, shape: MusicnnWeights.shape,
            pretrained: try request.models.weights(model).trainable, tasks: tasks)
    }

    /// Per-epoch checkpoints in the store under `key`. One that cannot be written costs a resume,
    /// not the training.
    static func epochCheckpoints(_ store: Store, _ key: String) -> EpochCheckpoints {
        EpochCheckpoints(
            load: { fold in (try? store.epochState(key, fold: fold)) ?? nil },
            save: { fold, state in try? store.saveEpochState(key, fold: fold, state) })
    }

    /// Cross-validates `trainer` on the request's label version and stores the run; `check` sees
    /// the training data before any split is written, `prepare` the trainer with the run's
    /// checkpoint key (which also covers `fingerprint`), and `model` wraps the final model for its file.
    private func train<T: ModelTrainer>(
        _ request: TrainRequest, trainer: T, progress: (@Sendable (EpochReport) -> Void)?,
        resumed: (@Sendable (_ folds: [Int], _ of: Int) -> Void)?, fingerprint: String,
        prepare: (inout T, String) -> Void,
        check: (LabeledData) throws -> Void, model wrap: (T.Model) -> ModelFile.Model
    ) async throws -> Run {
        if let problem = trainer.inputProblem(matrices: request.extractor.kind.isMatrix) {
            throw StoreError(
                .invalidRequest, "\(problem), and \(request.extractor.name) \(Self.gives(request.extractor))")
        }
        let started = Date()
        let matrices = trainer.inputProblem(matrices: true) == nil
        let material = try TrainingMaterial(
            try await store.trainingRows(of: request.labelSet, extractor: request.extractor), set: request.labelSet,
            spec: request.extractor, anyLength: matrices)
        guard !material.tracks.isEmpty else {
            throw StoreError(
                .invalidRequest,
                "none of label set \(request.labelSet.id)'s \(material.skipped.count) labeled tracks has "
                    + "\(request.extractor.name) features; run `tagmine features --extractor \(request.extractor.name)` first"
            )
        }
        if let problem = trainer.inputProblem(matrices: material.data.sampleShape.count > 1) {
            let shape = material.data.sampleShape.map(String.init).joined(separator: " × ")
            throw StoreError(
                .invalidRequest,
                "\(problem), and these \(request.extractor.name) features are \(shape) "
                    + (matrices
                        ? "vectors: train on --extractor logmel"
                        : "matrices: train on a clip-vector extractor such as --extractor logmel-stats"))
        }
        try check(material.data)
        var split = try await store.split(named: nil, of: request.labelSet)
        if split == nil {
            split = try await SplitWorkflow(store: store).split(
                request.labelSet,
                SplitRequest(
                    method: .folds(request.folds), groupBy: request.groupBy, seed: request.options.seed,
                    author: request.author)
            ).split
        }
        guard let split else { throw StoreError(.invalidRequest, "no folds for label set \(request.labelSet.id)") }
        let parts = try await store.parts(of: split)
        let folds = material.tracks.map { track in parts[track].flatMap(split.parts.firstIndex(of:)) ?? -1 }
        var header = [
            "\(request.labelSet.id)", request.extractor.parametersHash, "\(split.id)",
            try JSONEncoder.sorted.string(request.options),
        ]
        // Heads add nothing, so their keys (and interrupted heads' checkpoints) stay as they were.
        if !fingerprint.isEmpty { header.append(fingerprint) }
        let (outcome, checkpoint) = try await crossValidate(
            material, folds: folds, parts: split.parts.count, trainer: trainer, header: header, jobs: request.jobs,
            progress: progress, resumed: resumed, prepare: prepare)
        let model = try ModelFile(model: wrap(outcome.final), extractor: request.extractor, training: request.options)
            .encoded()
        // The run's time is the training's, as before the store writes anything.
        let seconds = Date().timeIntervalSince(started)
        let extractorID = try await store.registerExtractor(request.extractor)
        let classes = material.data.classes
        var skipped = material.skipped
        var predictions: [(track: Int64, fold: Int, probabilities: [Float])] = []
        for (row, track) in material.tracks.enumerated() {
            guard folds[row] >= 0 else {
                skipped.append((track, "in no part of split \(split.id)"))
                continue
            }
            let probabilities = Array(outcome.probabilities[(row * classes.count)..<((row + 1) * classes.count)])
            predictions.append((track, folds[row] + 1, probabilities))
        }
        return try await store.insertRun(
            NewRun(
                name: request.name, labelSetID: request.labelSet.id,
                extractorID: extractorID, splitID: split.id,
                classes: classes, multiLabel: material.data.multiLabel, options: request.options,
                curves: RunCurves(folds: outcome.curves, final: outcome.finalCurve),
                seconds: seconds, model: model, author: request.author,
                predictions: predictions, skipped: skipped, checkpoint: checkpoint))
    }

    /// What an extractor gives per track, for refusals.
    private static func gives(_ spec: ExtractorSpec) -> String {
        spec.kind.isMatrix
            ? "gives a spectrogram per track: train on a clip-vector extractor such as --extractor logmel-stats"
            : "gives one vector per track: train on --extractor logmel"
    }

    /// The pretrained layer fine-tuning starts from, if the request fine-tunes.
    private static func warmStart(for request: TrainRequest) throws -> WarmStart? {
        guard let fineTune = request.options.fineTune else { return nil }
        guard let model = MusicnnModel(request.extractor.kind) else {
            throw StoreError(
                .invalidRequest,
                "--fine-tune \(fineTune.rawValue) needs a pretrained extractor (musicnn-msd or musicnn-mtt), "
                    + "not \(request.extractor.name)")
        }
        let warmStart = try request.models.weights(model).denseWarmStart
        guard request.options.hidden == [warmStart.outputs] else {
            throw StoreError(
                .invalidRequest, "fine-tuning \(model.rawValue)'s dense layer needs --hidden \(warmStart.outputs)")
        }
        return warmStart
    }

    /// What a training's folds depend on: the label version, extractor, split and options, and the
    /// tracks with their folds and features (features of a track can be extracted again).
    private static func checkpointKey(_ header: [String], material: TrainingMaterial, folds: [Int]) -> String {
        var hasher = SHA256()
        hasher.update(data: Data(header.joined(separator: "\u{1F}").utf8))
        material.tracks.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        folds.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        material.data.features.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        return hasher.finalize().hexString
    }

    /// Out-of-fold probabilities of `trainer` on `material` and its final model, each finished fold
    /// checkpointed under a key of `header` and the data (`prepare` sees the trainer with it), the
    /// folds an interrupted training finished kept (`resumed` hears which). Returns the key too.
    func crossValidate<T: ModelTrainer>(
        _ material: TrainingMaterial, folds: [Int], parts: Int, trainer: T, header: [String], jobs: Int,
        progress: (@Sendable (EpochReport) -> Void)?, resumed: (@Sendable (_ folds: [Int], _ of: Int) -> Void)?,
        prepare: (inout T, String) -> Void
    ) async throws -> (OutOfFold<T.Model>, String) {
        var trainer = trainer
        let checkpoint = Self.checkpointKey(header, material: material, folds: folds)
        prepare(&trainer, checkpoint)
        let finished = try await checkpointedFolds(checkpoint, tracks: material.tracks)
        if !finished.isEmpty { resumed?(finished.map { $0.fold + 1 }.sorted(), parts) }
        let tracks = material.tracks, store = store
        let outcome = try await CrossValidation.outOfFold(
            material.data, folds: folds, trainer: trainer,
            jobs: jobs, finished: finished,
            onFold: { result in
                try await store.saveCheckpoint(
                    checkpoint,
                    FoldCheckpoint(
                        fold: result.fold, tracks: result.rows.map { tracks[$0] }, probabilities: result.probabilities,
                        curve: result.curve))
            },
            progress: progress)
        return (outcome, checkpoint)
    }

    /// The folds a training with this key finished before it was interrupted.
    private func checkpointedFolds(_ key: String, tracks: [Int64]) async throws -> [FoldResult] {
        let row = Dictionary(uniqueKeysWithValues: tracks.enumerated().map { ($1, $0) })
        return try await store.checkpoints(key).compactMap { stored -> FoldResult? in
            let held = stored.tracks.compactMap { row[$0] }
            // The key covers the tracks, so this holds unless the row was damaged; then retrain.
            guard !held.isEmpty, stored.probabilities.count % held.count == 0 else { return nil }
            return FoldResult(fold: stored.fold, rows: held, probabilities: stored.probabilities, curve: stored.curve)
        }
    }
}
