public import Store
public import TextMining

/// The outcome of labeling with a keyword map.
public struct KeywordLabeling: Sendable {
    /// How often one keyword or exclusion fired: the rule coverage / conflict table.
    public struct RuleStatistics: Sendable, Equatable {
        /// The rule as the map writes it.
        public var rule: KeywordMap.Rule
        /// Tracks it fired on.
        public var tracks: Int
        /// Of those, tracks whose tags also supported another class.
        public var conflicts: Int
    }

    /// Tracks in the store.
    public var tracks: Int
    /// Labeled tracks per class, in map order.
    public var counts: [(className: String, tracks: Int)]
    /// Tracks with at least one label.
    public var labeled: Int
    /// Tracks left unlabeled because several classes matched under the single policy.
    public var ambiguous: Int
    /// Per rule, in map order.
    public var rules: [RuleStatistics]
    /// The hash of the map.
    public var configHash: String
    /// The set written, or `nil` on a dry run.
    public var labelSet: LabelSet?
}
