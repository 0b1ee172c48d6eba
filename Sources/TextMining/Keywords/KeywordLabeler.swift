/// Applies a ``KeywordMap`` to a track's tags: which classes its tags support, which they exclude
/// (a negated keyword such as `no guitar` / `ギターなし`, or an exclusion pattern), and the label(s)
/// the map's policy gives.
///
/// Not for use from two threads at once: it owns a ``TagTokenizer``.
public final class KeywordLabeler {
    /// The map applied.
    public let map: KeywordMap
    private let tokenizer: TagTokenizer
    private let priority: [Int]

    /// Creates a labeler.
    public init(map: KeywordMap, tokenizer: TagTokenizer = TagTokenizer()) {
        self.map = map
        self.tokenizer = tokenizer
        self.priority = map.priority.compactMap { map.classes.firstIndex(of: $0) }
    }

    /// The decision for one track.
    public func decide(tags: [String]) throws(TextMiningError) -> KeywordDecision {
        var supported = ClassMask(classCount: map.classes.count)
        var excluded = supported
        var hits: [KeywordHit] = []
        for tag in tags {
            let match = try matches(in: tag)
            supported.formUnion(match.supported)
            excluded.formUnion(match.excluded)
            hits += match.hits
        }
        let resolution = resolve(supported: supported, excluded: excluded)
        return KeywordDecision(
            classes: resolution.classes.map { map.classes[$0] }, matched: resolution.matched.map { map.classes[$0] },
            ambiguous: resolution.ambiguous, hits: hits)
    }

    /// The keywords and exclusions that fire in one tag. Matching never crosses a tag's boundary, so
    /// a catalogue-wide labeler computes this once per distinct tag.
    public func matches(in tag: String) throws(TextMiningError) -> TagKeywords {
        var result = TagKeywords(classCount: map.classes.count)
        var text = tag
        if let facet = map.facet {
            guard let value = map.facets.value(of: TextNormalizer.normalize(tag), inFacet: facet) else { return result }
            text = value
        }
        let tokens = try tokenizer.tokens(in: TextNormalizer.normalize(text))
        var index = 0
        var negatePending = false
        while index < tokens.count {
            guard
                let (ruleIndex, length) = PhraseMatching.longestMatch(
                    in: tokens, at: index, lookup: { key, _ in map.ruleIndex(for: key) })
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
            let rule = map.rules[ruleIndex]
            let excludes = rule.excludes || negated
            result.hits.append(KeywordHit(tag: tag, keyword: rule.text, className: rule.className, excludes: excludes))
            result.rules.append(ruleIndex)
            if excludes {
                result.excluded.insert(map.ruleClasses[ruleIndex])
            } else {
                result.supported.insert(map.ruleClasses[ruleIndex])
            }
        }
        return result
    }

    /// The labels a track gets whose tags support and exclude these classes, under the map's policy.
    public func resolve(supported: ClassMask, excluded: ClassMask) -> KeywordResolution {
        let matched = supported.indices(subtracting: excluded)
        guard map.policy == .single && matched.count > 1 else {
            return KeywordResolution(classes: matched, matched: matched, ambiguous: false)
        }
        if let first = priority.first(where: matched.contains) {
            return KeywordResolution(classes: [first], matched: matched, ambiguous: false)
        }
        return KeywordResolution(classes: [], matched: matched, ambiguous: true)
    }
}

/// The keywords that fired in one tag, and the classes they support and exclude.
public struct TagKeywords: Sendable, Hashable {
    /// The hits, in order.
    public var hits: [KeywordHit] = []
    /// Per hit, the index of its rule in the map's ``KeywordMap/rules``.
    public var rules: [Int] = []
    /// Classes (by index) a keyword supports.
    public var supported: ClassMask
    /// Classes (by index) an exclusion or negated keyword removes.
    public var excluded: ClassMask

    init(classCount: Int) {
        supported = ClassMask(classCount: classCount)
        excluded = ClassMask(classCount: classCount)
    }
}

/// A track's labels as class indices, and whether a single-policy tie left it unlabeled.
public struct KeywordResolution: Sendable, Hashable {
    /// The labels given.
    public var classes: [Int]
    /// Every class supported and not excluded, in map order.
    public var matched: [Int]
    /// Whether several classes matched under the single policy with no priority to choose.
    public var ambiguous: Bool
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
