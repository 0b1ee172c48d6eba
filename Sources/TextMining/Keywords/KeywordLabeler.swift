/// Applies a ``KeywordMap`` to a track's tags: which classes its tags support, which they exclude
/// (a negated keyword such as `no guitar` / `ギターなし`, or an exclusion pattern), and the label(s)
/// the map's policy gives.
///
/// Not for use from two threads at once: it owns a ``TagTokenizer``.
public final class KeywordLabeler {
    /// The map applied.
    public let map: KeywordMap
    private let tokenizer: TagTokenizer

    /// Creates a labeler.
    public init(map: KeywordMap, tokenizer: TagTokenizer = TagTokenizer()) {
        self.map = map
        self.tokenizer = tokenizer
    }

    /// The decision for one track.
    public func decide(tags: [String]) throws(TextMiningError) -> KeywordDecision {
        var hits: [KeywordHit] = []
        for tag in tags {
            let tokens = try tokenizer.tokens(in: TextNormalizer.normalize(tag))
            var index = 0
            var negatePending = false
            while index < tokens.count {
                guard
                    let (rule, length) = PhraseMatching.longestMatch(
                        in: tokens, at: index, lookup: { key, _ in map.rule(for: key) })
                else {
                    if PhraseMatching.isEnglishNegator(tokens[index]) { negatePending = true }
                    index += 1
                    continue
                }
                var negated = negatePending
                negatePending = false
                index += length
                if let after = PhraseMatching.japaneseNegation(in: tokens, after: index) {
                    negated = true
                    index = after
                }
                hits.append(
                    KeywordHit(
                        tag: tag, keyword: rule.text, className: rule.className, excludes: rule.excludes || negated))
            }
        }
        let excluded = Set(hits.filter(\.excludes).map(\.className))
        let supported = Set(hits.filter { !$0.excludes }.map(\.className))
        let matched = map.classes.filter { supported.contains($0) && !excluded.contains($0) }
        var decision = KeywordDecision(classes: matched, matched: matched, ambiguous: false, hits: hits)
        if map.policy == .single && matched.count > 1 {
            if let first = map.priority.first(where: matched.contains) {
                decision.classes = [first]
            } else {
                decision.classes = []
                decision.ambiguous = true
            }
        }
        return decision
    }
}

/// What a keyword map says about one track.
public struct KeywordDecision: Sendable, Hashable, Codable {
    /// The labels given: one (single policy), any number (multi), or none.
    public var classes: [String]
    /// Every class the tags support and do not exclude, in map order.
    public var matched: [String]
    /// Whether several classes matched under the single policy with no priority to choose.
    public var ambiguous: Bool
    /// Every keyword or exclusion that fired, in tag order: the evidence.
    public var hits: [KeywordHit]
}

/// One keyword or exclusion pattern that fired on a tag.
public struct KeywordHit: Sendable, Hashable, Codable {
    /// The tag as the catalogue wrote it.
    public var tag: String
    /// The keyword as the map writes it.
    public var keyword: String
    /// Its class.
    public var className: String
    /// Whether the hit removes the class (an exclusion pattern, or a negated keyword).
    public var excludes: Bool
}
