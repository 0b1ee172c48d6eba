public import Store
public import TextMining

/// What `tagmine label emotion` asks for.
public struct EmotionRequest: Sendable {
    /// The lexicon scored against.
    public var lexicon: PolarityLexicon
    /// Scoring options (negation, centring, neutral band, description).
    public var options: PolarityOptions
    /// How scores become labels.
    public var selection: EmotionSelection
    /// Count tracks with no lexicon match as 0 (the seed's behaviour) instead of leaving them unscored.
    public var unscoredAsZero: Bool
    /// The new set's name.
    public var name: String?
    /// Who makes it.
    public var author: String

    /// Creates a request.
    public init(
        lexicon: PolarityLexicon, options: PolarityOptions, selection: EmotionSelection, unscoredAsZero: Bool = false,
        name: String? = nil, author: String
    ) {
        self.lexicon = lexicon
        self.options = options
        self.selection = selection
        self.unscoredAsZero = unscoredAsZero
        self.name = name
        self.author = author
    }
}

/// The outcome of emotion labeling: the scores, the cut, and the set written (none on a dry run).
public struct EmotionLabeling: Sendable {
    /// Every scored track's score, in track order.
    public var scores: [Double]
    /// Tracks in the store.
    public var tracks: Int
    /// Tracks no lexicon entry matched (left unlabeled unless scored as zero).
    public var unscored: Int
    /// Positive and negative tracks.
    public var positive: Int
    public var negative: Int
    /// The cut points.
    public var low: Double
    public var high: Double
    /// The hash of lexicon, options and selection.
    public var configHash: String
    /// The set written, or `nil` on a dry run.
    public var labelSet: LabelSet?
}
