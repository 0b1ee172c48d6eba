/// Tokenises normalised tag text of mixed scripts: Japanese runs go through MeCab, everything else
/// through ``LatinTokenizer``, so `明るいピアノ solo pianos` gives 明るい, ピアノ, solo, piano.
///
/// MeCab starts on the first Japanese text, so English-only catalogues never need it. Not for use
/// from two threads at once (see ``MeCabTokenizer``).
public final class TagTokenizer {
    private let mecabArguments: String
    private var mecab: MeCabTokenizer?

    /// Creates a tokenizer; `mecabArguments` are passed to MeCab (e.g. `-d DICDIR`).
    public init(mecabArguments: String = "") {
        self.mecabArguments = mecabArguments
    }

    /// The tokens of `text`, which should already be normalised (see ``TextNormalizer``).
    public func tokens(in text: String) throws(TextMiningError) -> [Token] {
        var tokens: [Token] = []
        for run in Self.scriptRuns(text) {
            if run.japanese {
                if mecab == nil { mecab = try MeCabTokenizer(arguments: mecabArguments) }
                tokens += mecab?.tokens(in: String(run.text)) ?? []
            } else {
                tokens += LatinTokenizer.tokens(in: run.text)
            }
        }
        return tokens
    }

    /// Splits `text` into maximal runs of Japanese and of other characters.
    static func scriptRuns(_ text: String) -> [(text: Substring, japanese: Bool)] {
        var runs: [(Substring, Bool)] = []
        var start = text.startIndex
        var current: Bool?
        for index in text.unicodeScalars.indices {
            let japanese = isJapanese(text.unicodeScalars[index])
            if let current, current != japanese {
                runs.append((text[start..<index], current))
                start = index
            }
            current = japanese
        }
        if let current, start < text.endIndex { runs.append((text[start...], current)) }
        return runs
    }

    /// Hiragana, katakana (with ー), CJK ideographs and the iteration marks 々 〆.
    static func isJapanese(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x3041...0x309F, 0x30A0...0x30FF, 0x31F0...0x31FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF,
            0x3005, 0x3006:
            true
        default:
            false
        }
    }
}
