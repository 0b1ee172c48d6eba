/// What batch normalization does while a pretrained network fine-tunes.
public enum BatchStatistics: String, Sendable, Codable, CaseIterable {
    /// The pretrained running statistics normalise every batch and stay as they are: the default,
    /// because a few hundred tracks in batches of 16 estimate them worse than the millions of
    /// patches they came from.
    case frozen
    /// Each batch is normalised by its own statistics, which update the running ones (momentum 0.01).
    case updated
}

/// How a pretrained network (musicnn) fine-tunes, beside ``TrainingOptions/fineTune``'s depth.
public struct TransferOptions: Sendable, Equatable, Codable {
    /// The pretrained layers' learning rate as a share of the head's: 0.1 by default, the usual
    /// "discriminative" ratio (pretrained features move a tenth as fast as the new head).
    public var rateRatio: Float = 0.1
    /// Batch normalization while fine-tuning.
    public var statistics = BatchStatistics.frozen

    public init() {}

    /// Problems with these options, as sentences.
    public var problems: [String] {
        rateRatio > 0 && rateRatio <= 1 ? [] : ["the pretrained layers' rate ratio must be in (0, 1]"]
    }
}
