internal import CMeCab

/// Japanese morphological analysis through MeCab with the IPAdic dictionary: surface, base form
/// (原形), part of speech and reading per token.
///
/// A tokenizer holds a MeCab tagger, which must not be used from two threads at once: give each
/// worker its own.
///
/// ```swift
/// let mecab = try MeCabTokenizer()
/// mecab.tokens(in: "明るかった") // [明るかっ (base 明るい, adjective), た (auxiliary)]
/// ```
public final class MeCabTokenizer {
    private let tagger: OpaquePointer

    /// Creates a tagger with MeCab's configured dictionary, or `arguments` (e.g. `-d DIR`).
    public init(arguments: String = "") throws(TextMiningError) {
        guard let tagger = mecab_new2(arguments) else {
            let reason = mecab_strerror(nil).map { String(cString: $0) } ?? "unknown error"
            throw TextMiningError(
                .tokenizerUnavailable, "MeCab could not start (\(reason))",
                hint: "Install the dictionary: apt-get install libmecab-dev mecab-ipadic-utf8")
        }
        self.tagger = tagger
    }

    deinit {
        mecab_destroy(tagger)
    }

    /// The tokens of `text`, which should already be normalised (see ``TextNormalizer``).
    public func tokens(in text: String) -> [Token] {
        // Node surfaces point into the input buffer, so it must outlive the walk over the nodes.
        text.withCString { input in
            guard var node = mecab_sparse_tonode(tagger, input) else { return [] }
            var tokens: [Token] = []
            while true {
                let stat = Int32(node.pointee.stat)
                if stat == MECAB_NOR_NODE || stat == MECAB_UNK_NODE, let surfacePointer = node.pointee.surface {
                    let length = Int(node.pointee.length)
                    let surface = surfacePointer.withMemoryRebound(to: UInt8.self, capacity: length) {
                        String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
                    }
                    let feature = node.pointee.feature.map { String(cString: $0) } ?? ""
                    tokens.append(Self.token(surface: surface, feature: feature))
                }
                guard let next = node.pointee.next else { break }
                node = UnsafePointer(next)
            }
            return tokens
        }
    }

    /// Builds a token from IPAdic's feature CSV:
    /// 品詞,品詞細分類1,品詞細分類2,品詞細分類3,活用型,活用形,原形,読み,発音.
    static func token(surface: String, feature: String) -> Token {
        let fields = feature.split(separator: ",", omittingEmptySubsequences: false)
        let pos = fields.first.map { PartOfSpeech(ipadic: $0) } ?? .other
        let base = fields.count > 6 && fields[6] != "*" ? String(fields[6]) : surface
        let reading = fields.count > 7 && fields[7] != "*" ? String(fields[7]) : nil
        return Token(surface: surface, base: base, pos: pos, reading: reading)
    }
}
