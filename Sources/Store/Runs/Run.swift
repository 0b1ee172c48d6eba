public import AudioFeatures
public import Foundation
public import Learning
public import Pretrained

/// What `tagmine train` trains, on what, and how.
public struct TrainRequest: Sendable {
    /// The label version.
    public var labelSet: LabelSet
    /// The features.
    public var extractor: ExtractorSpec
    /// How each head is trained.
    public var options: TrainingOptions
    /// Folds when the version has no stored split yet.
    public var folds: Int
    /// What no fold may divide, when folds are made here.
    public var groupBy: SplitRequest.Grouping?
    /// Folds trained at once.
    public var jobs: Int
    /// The run's optional name.
    public var name: String?
    /// Who trains it.
    public var author: String
    /// Where the pretrained model lives, when ``TrainingOptions/fineTune`` starts from one.
    public var models: ModelDirectory

    /// Creates a request.
    public init(
        labelSet: LabelSet, extractor: ExtractorSpec, options: TrainingOptions, folds: Int = 5,
        groupBy: SplitRequest.Grouping? = nil, jobs: Int? = nil, name: String? = nil, author: String,
        models: ModelDirectory = ModelDirectory()
    ) {
        self.models = models
        self.labelSet = labelSet
        self.extractor = extractor
        self.options = options
        self.folds = folds
        self.groupBy = groupBy
        self.jobs = max(1, jobs ?? ProcessInfo.processInfo.activeProcessorCount)
        self.name = name
        self.author = author
    }
}

/// A stored training run.
public struct Run: Sendable {
    public var id: Int64
    public var name: String?
    /// The label version it was trained on.
    public var labelSetID: Int64
    /// The split whose parts were its folds.
    public var splitID: Int64
    /// The extractor whose features it used.
    public var extractor: ExtractorSpec
    /// The classes, in probability order.
    public var classes: [String]
    /// Whether tracks may have several classes (sigmoid outputs).
    public var multiLabel: Bool
    /// How its heads were trained.
    public var options: TrainingOptions
    /// Per-fold curves, then the final model's.
    public var curves: RunCurves
    /// Wall-clock seconds of the whole run.
    public var seconds: Double
    /// Tracks with out-of-fold probabilities.
    public var predictedTracks: Int
    /// Labeled tracks it could not use.
    public var skippedTracks: Int
    public var createdBy: String
    public var createdAt: Date
}

/// A run's training curves.
public struct RunCurves: Sendable, Codable {
    /// One per fold, fold 1 first.
    public var folds: [TrainingCurve]
    /// The final model's, trained on every fold.
    public var final: TrainingCurve
}

/// One track's out-of-fold prediction in a run.
public struct RunPrediction: Sendable {
    /// The store's id for the track.
    public var trackID: Int64
    public var catalogueID: String
    /// The classes the label version gives it (indices into the run's classes).
    public var given: [Int]
    /// Its fold (from 1).
    public var fold: Int
    /// Class probabilities from the fold model that did not see it.
    public var probabilities: [Float]
}

/// A labeled track a run could not use.
public struct SkippedTrack: Sendable, Equatable {
    public var catalogueID: String
    public var reason: String
}

extension [RunPrediction] {
    /// The share of tracks whose most probable class is one the label version gives them.
    public var topOneAccuracy: Double {
        guard !isEmpty else { return 0 }
        let hits = filter { prediction in
            let best = prediction.probabilities.indices.max {
                prediction.probabilities[$0] < prediction.probabilities[$1]
            }
            return best.map(prediction.given.contains) ?? false
        }
        return Double(hits.count) / Double(count)
    }
}
