/// A coarse part of speech, shared by Japanese (IPAdic) and English lexicon entries.
public enum PartOfSpeech: String, Sendable, Hashable, CaseIterable, Codable {
    case noun, verb, adjective, adverb, auxiliary, particle, prefix, interjection, symbol, other

    /// The part of speech of an IPAdic feature's first field (名詞, 動詞, 形容詞, …).
    public init(ipadic tag: Substring) {
        switch tag {
        case "名詞": self = .noun
        case "動詞": self = .verb
        case "形容詞": self = .adjective
        case "副詞", "連体詞": self = .adverb
        case "助動詞": self = .auxiliary
        case "助詞": self = .particle
        case "接頭詞": self = .prefix
        case "感動詞", "フィラー": self = .interjection
        case "記号": self = .symbol
        default: self = .other
        }
    }

    /// Parses a lexicon's part-of-speech label, Japanese (PN Table: 名詞, 動詞, 形容詞, 副詞,
    /// 助動詞) or English (noun, verb, adj, adjective, adv, …); `nil` for an unknown label.
    public init?(label: String) {
        let trimmed = label.trimmingWhitespaceScalars().lowercased()
        switch trimmed {
        case "n", "noun", "名詞": self = .noun
        case "v", "verb", "動詞": self = .verb
        case "a", "adj", "adjective", "形容詞", "形容動詞": self = .adjective
        case "r", "adv", "adverb", "副詞": self = .adverb
        case "aux", "auxiliary", "助動詞": self = .auxiliary
        case "particle", "助詞": self = .particle
        case "interjection", "感動詞": self = .interjection
        default: return nil
        }
    }

    /// Whether the word carries content (as opposed to grammar), the tokens polarity can attach to.
    public var isContent: Bool {
        switch self {
        case .noun, .verb, .adjective, .adverb, .interjection, .other: true
        case .auxiliary, .particle, .prefix, .symbol: false
        }
    }
}
