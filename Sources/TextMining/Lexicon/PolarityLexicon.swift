/// A sentiment polarity lexicon: terms (words or phrases, optionally with a part of speech) and
/// their polarity, normalised to [-1, 1].
///
/// ```swift
/// let lexicon = try PolarityLexicon.load(path: "pn_ja.dic")            // format detected
/// let entry = lexicon.entry(for: ["明るい"], pos: .adjective)            // 明るい: +0.98
/// ```
public struct PolarityLexicon: Sendable {
    /// One term of the lexicon.
    public struct Entry: Sendable, Hashable, Codable {
        /// The term as written in the lexicon.
        public var term: String
        /// The matching key: the term's words normalised, Japanese words joined without spaces.
        public var key: String
        /// How many tokens the term spans, as written (phrases have several).
        public var words: Int
        /// The part of speech the entry is restricted to, when the lexicon gives one.
        public var pos: PartOfSpeech?
        /// The polarity in [-1, 1].
        public var score: Double
        /// The line of the lexicon file, for evidence.
        public var line: Int
    }

    /// A name for the lexicon (its file name or `builtin`).
    public let name: String
    /// Every entry, in file order.
    public let entries: [Entry]
    private let index: [UTF8Key: [Int]]

    /// Creates a lexicon from entries; later duplicates of a (key, POS) pair are ignored.
    public init(name: String, entries: [Entry]) {
        var index: [UTF8Key: [Int]] = [:]
        var kept: [Entry] = []
        for entry in entries {
            let key = UTF8Key(entry.key)
            if index[key]?.contains(where: { kept[$0].pos == entry.pos }) == true { continue }
            index[key, default: []].append(kept.count)
            kept.append(entry)
        }
        self.name = name
        self.entries = kept
        self.index = index
    }

    /// The entry for a run of token base forms: one restricted to `pos` first, then one without a
    /// part of speech; entries for another part of speech only when `pos` is unknown (`nil`).
    public func entry(for key: String, pos: PartOfSpeech?) -> Entry? {
        guard let candidates = index[UTF8Key(key)] else { return nil }
        let entries = candidates.map { self.entries[$0] }
        if let pos, let exact = entries.first(where: { $0.pos == pos }) { return exact }
        if let general = entries.first(where: { $0.pos == nil }) { return general }
        return pos == nil ? entries.first : nil
    }

    /// The matching key of a term written as space-separated words: normalised, Japanese words
    /// joined directly (`気 が 利く` → `気が利く`), other words by one space.
    public static func key(forWords words: [String]) -> String {
        PhraseMatching.joinedKey(words.map { TextNormalizer.normalize($0) })
    }

}
