/// Matching lexicon terms and keywords against tokens: the longest run of tokens whose base forms
/// (or, failing that, surfaces) form a known key, and the negations around a match.
enum PhraseMatching {
    /// The longest phrase looked up, in tokens (MeCab may split one dictionary word into several).
    static let window = 6

    /// The value for the longest run of tokens starting at `start`, and the run's length.
    /// `lookup` gets the run's key and, for a single Japanese token, its part of speech.
    static func longestMatch<Value>(
        in tokens: [Token], at start: Int, lookup: (String, PartOfSpeech?) -> Value?
    ) -> (value: Value, length: Int)? {
        for length in stride(from: min(window, tokens.count - start), through: 1, by: -1) {
            let run = tokens[start..<start + length]
            let pos = length == 1 && run.first?.pos != .other ? run.first?.pos : nil
            if let value = lookup(joinedKey(run.lazy.map(\.base)), pos) { return (value, length) }
            if run.contains(where: { $0.surface != $0.base }),
                let value = lookup(joinedKey(run.lazy.map(\.surface)), pos)
            {
                return (value, length)
            }
        }
        return nil
    }

    /// Words joined the way keys are: Japanese words directly (`気が利く`), others by one space.
    static func joinedKey(_ words: some Sequence<String>) -> String {
        var key = ""
        for word in words where !word.isEmpty {
            if let last = key.unicodeScalars.last, let first = word.unicodeScalars.first,
                !(TagTokenizer.isJapanese(last) && TagTokenizer.isJapanese(first))
            {
                key += " "
            }
            key += word
        }
        return key
    }

    private static let englishNegators: Set<String> = ["not", "no", "without", "never", "non", "nor", "w/o"]
    private static let japaneseNegators: Set<String> = ["ない", "ぬ", "無い"]

    /// Whether the token negates what follows it (not, no, without, don't …).
    static func isEnglishNegator(_ token: Token) -> Bool {
        englishNegators.contains(token.base) || token.surface.hasSuffix("n't")
    }

    /// The index after a Japanese negation (ない, ず/ぬ, なし) following position `index`, allowing
    /// particles in between (明るくはない, 不気味じゃない); `nil` when there is none.
    static func japaneseNegation(in tokens: [Token], after index: Int) -> Int? {
        var next = index
        while next < tokens.count && tokens[next].pos == .particle { next += 1 }
        guard next < tokens.count, japaneseNegators.contains(tokens[next].base),
            tokens[next].pos == .auxiliary || tokens[next].pos == .adjective
        else { return nil }
        return next + 1
    }
}
