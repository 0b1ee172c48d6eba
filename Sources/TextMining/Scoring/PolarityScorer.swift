/// Scores a track's tags (and optionally its description) against a polarity lexicon: the mean of
/// the matched entries' scores, with negation and bias correction, and the evidence behind it.
///
/// ```swift
/// let scorer = PolarityScorer(lexicon: lexicon, options: PolarityOptions(neutralBand: 0.05))
/// let score = try scorer.score(tags: ["明るい", "not dark"], description: nil)
/// score.mean      // the mean of +明るい and −(dark), or nil when nothing matched
/// score.matches   // which tag, which entry, negated or not
/// ```
///
/// Not for use from two threads at once: it owns a ``TagTokenizer``.
public final class PolarityScorer {
    /// The lexicon scored against.
    public let lexicon: PolarityLexicon
    /// The scoring options.
    public let options: PolarityOptions
    private let tokenizer: TagTokenizer
    private let bias: [PartOfSpeech?: Double]

    /// Creates a scorer.
    public init(
        lexicon: PolarityLexicon, options: PolarityOptions = PolarityOptions(), tokenizer: TagTokenizer = TagTokenizer()
    ) {
        self.lexicon = lexicon
        self.options = options
        self.tokenizer = tokenizer
        var sums: [PartOfSpeech?: (total: Double, count: Int)] = [:]
        for entry in lexicon.entries {
            sums[entry.pos, default: (0, 0)].total += entry.score
            sums[entry.pos, default: (0, 0)].count += 1
        }
        bias = options.centrePerPartOfSpeech ? sums.mapValues { $0.total / Double($0.count) } : [:]
    }

    /// The score of one track: its tags' (and, when the options ask, its description's) polarity combined.
    public func score(tags: [String], description: String?) throws(TextMiningError) -> PolarityScore {
        var parts: [TagPolarity] = []
        for tag in tags { parts.append(try polarity(of: tag)) }
        if options.includeDescription, let description {
            parts.append(try polarity(of: description, source: "description"))
        }
        return PolarityScore(combining: parts)
    }

    /// What one tag (or a description) contributes to a track's score. Matching never crosses a tag's
    /// boundary, so a catalogue-wide labeler computes this once per distinct tag.
    public func polarity(of text: String, source: String? = nil) throws(TextMiningError) -> TagPolarity {
        let tokens = try tokenizer.tokens(in: TextNormalizer.normalize(text))
        var part = TagPolarity()
        var index = 0
        var negatePending = false
        while index < tokens.count {
            let match = PhraseMatching.longestMatch(in: tokens, at: index) { lexicon.entry(for: $0, pos: $1) }
            guard let (entry, length) = match else {
                if options.negation && PhraseMatching.isEnglishNegator(tokens[index]) { negatePending = true }
                index += 1
                continue
            }
            var negated = negatePending
            negatePending = false
            let end = index + length
            if options.negation, let after = PhraseMatching.japaneseNegation(in: tokens, after: end) {
                negated.toggle()
                index = after
            } else {
                index = end
            }
            let centred = entry.score - (bias[entry.pos] ?? 0)
            let counts = abs(centred) >= options.neutralBand
            let score = negated ? -centred : centred
            part.matches.append(
                PolarityMatch(
                    source: source ?? text, term: entry.term, line: entry.line, entryScore: entry.score, score: score,
                    negated: negated, counts: counts))
            if counts {
                part.sum += score
                part.count += 1
            }
        }
        return part
    }
}

/// A track's counted matches summed part by part: their mean is the track's score.
public struct PolarityTally: Sendable, Hashable {
    private var sum = 0.0
    private var count = 0

    /// An empty tally.
    public init() {}

    /// Adds one tag's (or the description's) counted matches.
    public mutating func add(_ part: TagPolarity) {
        sum += part.sum
        count += part.count
    }

    /// The mean score, or `nil` when nothing counted (the track is unscored).
    public var mean: Double? {
        count == 0 ? nil : sum / Double(count)
    }
}

/// One tag's contribution to a track's polarity: its matches and the sum and number of those that count.
public struct TagPolarity: Sendable, Hashable {
    /// Every lexicon match in the tag, in order.
    public var matches: [PolarityMatch] = []
    /// The sum of the counted matches' scores.
    public var sum = 0.0
    /// How many matches count (those outside the neutral band).
    public var count = 0
}

/// A track's polarity: the mean over its counted matches (`nil` when none: *unscored*) and every
/// match as evidence.
public struct PolarityScore: Sendable, Hashable, Codable {
    /// The mean score, or `nil` when no lexicon entry counted.
    public var mean: Double?
    /// Every lexicon match, in tag order, including those the neutral band discounted.
    public var matches: [PolarityMatch]

    /// The score of a track made of these parts: the mean over every counted match, summed part by part.
    public init(combining parts: [TagPolarity]) {
        var tally = PolarityTally()
        for part in parts { tally.add(part) }
        mean = tally.mean
        matches = parts.flatMap(\.matches)
    }
}
