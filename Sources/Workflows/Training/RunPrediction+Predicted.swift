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
}
