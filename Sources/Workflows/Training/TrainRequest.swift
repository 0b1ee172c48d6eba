public import AudioFeatures
import Foundation
import Learning
public import Pretrained
public import Store

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
