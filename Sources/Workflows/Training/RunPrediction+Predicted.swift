public import Learning
public import Store

extension RunPrediction {
    /// The most probable class (an index into the run's classes).
    public var predicted: Int { Classifier.mostProbable(probabilities) ?? 0 }
}

extension [RunPrediction] {
    /// The share of tracks whose most probable class is one the label version gives them.
    public var topOneAccuracy: Double {
        guard !isEmpty else { return 0 }
        let hits = filter { !$0.probabilities.isEmpty && $0.given.contains($0.predicted) }
        return Double(hits.count) / Double(count)
    }
}

extension TrainingWorkflow {
    /// A run's final model, read from its stored file.
    public func model(of run: Run) async throws -> ModelFile {
        try ModelFile.decode(try await store.modelFile(of: run), source: "run \(run.id)")
    }

    /// The per-class thresholds a multi-label run's model decides with (its task's, for one task
    /// of a multi-task training); 0.5 each when the model has none.
    public func thresholds(of run: Run) async throws -> [Float] {
        let task = try await store.taskRuns(of: run).firstIndex { $0.id == run.id }
        let thresholds = try await model(of: run).thresholds(task: run.taskGroup == nil ? nil : task)
        return thresholds ?? run.classes.map { _ in 0.5 }
    }
}
