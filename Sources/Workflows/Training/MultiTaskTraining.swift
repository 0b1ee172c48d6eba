import Foundation
public import Learning
public import Store

/// How a multi-task network weights its tasks' losses.
public enum TaskWeighting: String, Sendable, CaseIterable {
    /// Every task's mean loss counts the same.
    case equal
    /// A task's weight is inverse to its labeled tracks (the mean count over it), so a small task
    /// is not drowned by a large one.
    case size
}

/// One network for several label versions: what ``TrainingWorkflow/train(tasks:progress:resumed:)`` needs.
public struct MultiTaskRequest: Sendable {
    /// The label versions, one task each, in output order.
    public var labelSets: [LabelSet]
    /// The extractor, options, folds, grouping, jobs, name and author (its `labelSet` is the first task's).
    public var training: TrainRequest
    /// How the tasks' losses are weighted.
    public var weighting: TaskWeighting

    /// A request for `labelSets` (two or more) trained as `training` says.
    public init(labelSets: [LabelSet], training: TrainRequest, weighting: TaskWeighting = .equal) {
        self.labelSets = labelSets
        self.training = training
        self.weighting = weighting
    }
}

extension TrainingWorkflow {
    /// Trains one CNN, or one fine-tuned musicnn, with an output layer per label version over the
    /// union of their tracks (a track without a version's label adds nothing to that task's loss), on new folds made over
    /// the union (stratified, grouped as asked) and stored as each version's latest split, so a
    /// single-task run of any of them uses the same folds. Stores one run per task, in one
    /// transaction, each with its task's out-of-fold probabilities and the shared model.
    public func train(
        tasks request: MultiTaskRequest, progress: (@Sendable (EpochReport) -> Void)? = nil,
        resumed: (@Sendable (_ folds: [Int], _ of: Int) -> Void)? = nil
    ) async throws -> [Run] {
        let base = request.training, sets = request.labelSets
        guard sets.count >= 2, Set(sets.map(\.id)).count == sets.count else {
            throw StoreError(.invalidRequest, "a multi-task training takes two or more different label versions")
        }
        if let name = base.name { try Store.requireName(name, of: "a run") }
        var problems = base.options.problems
        if base.options.model != .cnn && !base.options.model.isPretrained {
            problems.append("multi-task training trains a CNN or musicnn (--model cnn, musicnn-msd or musicnn-mtt)")
        }
        if base.options.mixup > 0 {
            problems.append("mixup would blend tracks a task labels with ones it does not: --mixup 0")
        }
        if base.options.classWeight != .none {
            problems.append("class weights apply to one task: leave --class-weight out")
        }
        guard problems.isEmpty else { throw StoreError(.invalidRequest, problems.joined(separator: "; ")) }
        let started = Date()

        // Every track of any version once, with each version's classes under the task's number.
        var union: [Int64: TrainingRow] = [:]
        var qualified: [String] = []
        for (index, set) in sets.enumerated() {
            qualified += set.classes.map { "\(index)\u{1F}\($0)" }
            for row in try await store.trainingRows(of: set, extractor: base.extractor) {
                var merged = union[row.trackID] ?? row
                if union[row.trackID] == nil { merged.classes = [] }
                merged.classes += row.classes.map { "\(index)\u{1F}\($0)" }
                union[row.trackID] = merged
            }
        }
        var material = try TrainingMaterial(
            union.keys.sorted().compactMap { union[$0] }, classes: qualified, spec: base.extractor, anyLength: true)
        guard !material.tracks.isEmpty else {
            throw StoreError(
                .invalidRequest,
                "none of the versions' labeled tracks has \(base.extractor.name) features; "
                    + "run `tagmine features --extractor \(base.extractor.name)` first")
        }
        material.data.classes = sets.flatMap(\.classes)
        material.data.multiLabel = true
        let tasks = Self.tasks(sets, labels: material.data.labels, weighting: request.weighting)
        let store = store

        if base.options.model.isPretrained {
            return try await train(
                request, material: material, union: union, tasks: tasks,
                trainer: try Self.musicnnTrainer(base, tasks: tasks), started: started, progress: progress,
                resumed: resumed, fingerprint: base.options.model.rawValue,
                prepare: { trainer, key in trainer.checkpoints = Self.epochCheckpoints(store, key) },
                model: { .musicnn($0) })
        }
        guard let convolution = base.options.convolution else {
            throw StoreError(.invalidRequest, "a CNN needs its options")
        }
        let mel = base.extractor.mel
        let cropFrames = Int((Double(convolution.cropSeconds) * Double(mel.sampleRate) / Double(mel.hop)).rounded())
        let architecture = try ArchitectureLibrary.architecture(convolution.architecture)
        let trainer = ConvTrainer(
            options: base.options, architecture: architecture, cropFrames: cropFrames, tasks: tasks)
        do {
            try trainer.check(mels: material.data.sampleShape[0], classes: material.data.classes.count)
        } catch {
            throw StoreError(.invalidRequest, "architecture '\(convolution.architecture)': \(error)")
        }
        return try await train(
            request, material: material, union: union, tasks: tasks, trainer: trainer, started: started,
            progress: progress, resumed: resumed,
            fingerprint: try JSONEncoder.sorted.string(architecture),
            prepare: { trainer, key in trainer.checkpoints = Self.epochCheckpoints(store, key) },
            model: { .convolutional($0) })
    }

    /// Cross-validates `trainer` on the union's new folds and stores a run per task; the
    /// checkpoint key also covers `fingerprint` (the network trained).
    private func train<T: ModelTrainer>(
        _ request: MultiTaskRequest, material: TrainingMaterial, union: [Int64: TrainingRow], tasks: [TaskHead],
        trainer: T, started: Date, progress: (@Sendable (EpochReport) -> Void)?,
        resumed: (@Sendable (_ folds: [Int], _ of: Int) -> Void)?, fingerprint: String,
        prepare: (inout T, String) -> Void, model wrap: (T.Model) -> ModelFile.Model
    ) async throws -> [Run] {
        let base = request.training, sets = request.labelSets
        let splits = try await SplitWorkflow(store: store).split(
            tasks: sets,
            SplitRequest(
                method: .folds(base.folds), groupBy: base.groupBy, seed: base.options.seed, author: base.author))
        var part: [Int64: Int] = [:]
        for split in splits {
            for (track, name) in try await store.parts(of: split) { part[track] = split.parts.firstIndex(of: name) }
        }
        let folds = material.tracks.map { part[$0] ?? -1 }
        let header =
            sets.map { "\($0.id)" } + [
                base.extractor.parametersHash, splits.map { "\($0.id)" }.joined(separator: ","),
                try JSONEncoder.sorted.string(base.options), fingerprint, try JSONEncoder.sorted.string(tasks),
            ]
        let (outcome, checkpoint) = try await crossValidate(
            material, folds: folds, parts: splits[0].parts.count, trainer: trainer, header: header, jobs: base.jobs,
            progress: progress, resumed: resumed, prepare: prepare)
        let model = try ModelFile(model: wrap(outcome.final), extractor: base.extractor, training: base.options)
            .encoded()
        let seconds = Date().timeIntervalSince(started)
        let extractorID = try await store.registerExtractor(base.extractor)

        // Each task's run: the tracks it labels, its slice of the probabilities.
        let total = material.data.classes.count
        var runs: [NewRun] = []
        var start = 0
        for (index, (set, task)) in zip(sets, tasks).enumerated() {
            let range = start..<(start + task.classes.count)
            start = range.upperBound
            var predictions: [(track: Int64, fold: Int, probabilities: [Float])] = []
            var skipped = material.skipped.filter { track, _ in
                union[track]?.classes.contains { $0.hasPrefix("\(index)\u{1F}") } ?? false
            }
            for (row, track) in material.tracks.enumerated()
            where material.data.labels[row].contains(where: range.contains) {
                guard folds[row] >= 0 else {
                    skipped.append((track, "in no part of split \(splits[index].id)"))
                    continue
                }
                predictions.append(
                    (
                        track, folds[row] + 1,
                        Array(
                            outcome.probabilities[(row * total + range.lowerBound)..<(row * total + range.upperBound)])
                    ))
            }
            runs.append(
                NewRun(
                    name: base.name.map { "\($0).\(task.name)" }, labelSetID: set.id, extractorID: extractorID,
                    splitID: splits[index].id, classes: task.classes, multiLabel: task.multiLabel,
                    options: base.options, curves: RunCurves(folds: outcome.curves, final: outcome.finalCurve),
                    seconds: seconds, model: model, author: base.author, predictions: predictions, skipped: skipped,
                    checkpoint: checkpoint))
        }
        return try await store.insertRuns(runs)
    }

    /// The tasks: each version's classes, whether a track has several of them, and the loss weight.
    static func tasks(_ sets: [LabelSet], labels: [[Int]], weighting: TaskWeighting) -> [TaskHead] {
        var start = 0, tasks: [TaskHead] = [], counts: [Int] = []
        for set in sets {
            let range = start..<(start + set.classes.count)
            start = range.upperBound
            let perTrack = labels.map { $0.filter(range.contains).count }.filter { $0 > 0 }
            counts.append(perTrack.count)
            tasks.append(
                TaskHead(
                    name: set.name ?? "\(set.id)", classes: set.classes, multiLabel: perTrack.contains { $0 > 1 }))
        }
        if weighting == .size {
            let mean = Float(counts.reduce(0, +)) / Float(max(1, counts.count))
            for index in tasks.indices { tasks[index].weight = mean / Float(max(1, counts[index])) }
        }
        return tasks
    }
}
