/// Every track's polarity in a catalogue: each distinct tag scored once, each track's score the
/// mean over its tags' counted matches (and its description's, when one is given).
///
/// ```swift
/// let scores = try PolarityScores(scorer: scorer, catalogue: index, description: { _ in nil })
/// print(scores.scored.count, scores.unscored)
/// ```
public struct PolarityScores: Sendable {
    /// One scored track.
    public struct Scored: Sendable, Equatable {
        /// The track's position in the catalogue.
        public var track: Int
        /// Its mean polarity.
        public var score: Double
        /// The lexicon matches in its description: evidence particular to the track.
        public var descriptionMatches: [PolarityMatch]
    }

    /// The scored tracks, in catalogue order.
    public private(set) var scored: [Scored] = []
    /// Tracks no entry matched (left unscored unless `unscoredAsZero`).
    public private(set) var unscored = 0
    /// Each distinct tag's matches, by position: the evidence behind the scores.
    public let tags: [TagPolarity]

    /// Scores every track of `catalogue`; `description(track)` gives a track's description to score
    /// with its tags, and `unscoredAsZero` scores a track without matches 0 (the seed's behaviour).
    public init(
        scorer: PolarityScorer, catalogue: some TaggedTracks, description: (Int) -> String?,
        unscoredAsZero: Bool = false
    ) throws(TextMiningError) {
        var tags: [TagPolarity] = []
        tags.reserveCapacity(catalogue.tagNames.count)
        for name in catalogue.tagNames { tags.append(try scorer.polarity(of: name)) }
        self.tags = tags
        for track in 0..<catalogue.trackCount {
            var tally = PolarityTally()
            for tag in catalogue.tags(ofTrack: track) { tally.add(tags[Int(tag)]) }
            var matches: [PolarityMatch] = []
            if let text = description(track) {
                let part = try scorer.polarity(of: text, source: "description")
                tally.add(part)
                matches = part.matches
            }
            guard let score = tally.mean ?? (unscoredAsZero ? 0 : nil) else {
                unscored += 1
                continue
            }
            scored.append(Scored(track: track, score: score, descriptionMatches: matches))
        }
    }
}
