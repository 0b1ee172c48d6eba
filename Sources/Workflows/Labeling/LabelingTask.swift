public import Store
public import TextMining

/// One task of a labeling pass: what ``LabelingWorkflow/label(_:dryRun:)`` works out.
public enum LabelingTask: Sendable {
    /// Emotion from a polarity lexicon.
    case emotion(EmotionRequest)
    /// A keyword map's classes (genre, instrument), as a set named `name` if given.
    case keywords(KeywordMap, name: String?, author: String)
}

/// What one ``LabelingTask`` gave.
public enum LabelingOutcome: Sendable {
    case emotion(EmotionLabeling)
    case keywords(KeywordLabeling)
}

/// A task's outcome and the label set it would write.
struct PreparedLabelSet: Sendable {
    var outcome: LabelingOutcome
    var labelSet: NewLabelSet
}

extension LabelingOutcome {
    /// The set written, or `nil` on a dry run.
    public var labelSet: LabelSet? {
        switch self {
        case .emotion(let outcome): outcome.labelSet
        case .keywords(let outcome): outcome.labelSet
        }
    }
}
