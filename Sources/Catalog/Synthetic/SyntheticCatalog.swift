import Foundation
public import TextMining

/// Writes deterministic tag catalogues in the shape of a stock-music library: ids, audio paths,
/// titles, artists, albums, descriptions (some quoted, with commas and line breaks) and 3–12 tags
/// per track from a ~3,000-term English and Japanese vocabulary, most popular terms most frequent.
///
/// ```swift
/// try SyntheticCatalog(seed: 7).writeCSV(rows: 1_000, to: "demo/tags.csv", encoding: .cp932)
/// ```
public struct SyntheticCatalog: Sendable {
    /// Which languages the tags and descriptions are written in.
    public enum Language: String, Sendable, CaseIterable {
        /// English and Japanese tags, as a Japanese stock-music library has them.
        case mixed
        /// English only.
        case english
        /// Japanese only (with language-neutral tags such as `120bpm`).
        case japanese
    }

    /// The seed: the same seed and row count always give the same file.
    public let seed: UInt64
    /// The tags' and descriptions' languages.
    public let language: Language
    /// Every tag the generator can emit, most popular first.
    public let vocabulary: [String]

    /// Creates a generator.
    public init(seed: UInt64 = 42, language: Language = .mixed) {
        self.seed = seed
        self.language = language
        self.vocabulary = Self.makeVocabulary(language)
    }

    /// The header row of the files this generator writes.
    public static let header = ["id", "path", "title", "artist", "album", "description", "tags", "bpm"]

    /// Writes `rows` tracks as CSV to `path` in UTF-8 or CP932, streaming, with CRLF line ends
    /// (as Excel writes them).
    public func writeCSV(rows: Int, to path: String, encoding: TextEncoding = .utf8) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw CatalogError(.unreadable, file: path, "cannot create the file")
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        var generator = SplitMix64(seed: seed)
        var text = Self.header.joined(separator: ",") + "\r\n"
        for index in stride(from: 1, through: rows, by: 1) {
            text += CSVWriting.line(row(index, using: &generator)) + "\r\n"
            if text.utf8.count > 1 << 20 {
                try handle.write(contentsOf: try CSVWriting.encode(text, as: encoding, path: path))
                text.removeAll(keepingCapacity: true)
            }
        }
        try handle.write(contentsOf: try CSVWriting.encode(text, as: encoding, path: path))
    }

    /// The fields of track number `index`.
    func row(_ index: Int, using generator: inout SplitMix64) -> [String] {
        let id = String(format: "T%07d", index)
        let tagCount = 3 + Int(generator.next() % 10)
        var tags: [String] = []
        for _ in 0..<tagCount { tags.append(vocabulary[popularIndex(using: &generator)]) }
        let japaneseSeparator = generator.next() % 3 == 0
        let separator = language == .japanese || (language == .mixed && japaneseSeparator) ? "、" : ", "
        let lead = tags[0], second = tags[1]
        let description: String
        switch (generator.next() % 10, language) {
        case (_, .japanese), (1, .mixed): description = "\(lead)な雰囲気の曲、\(second)が印象的"
        case (0, _): description = "A \(lead) cue, built around \(second).\nGood for trailers, openings, and ads."
        default: description = "\(lead) track with \(second)"
        }
        return [
            id,
            "audio/\(id).wav",
            "\(Self.capitalised(lead)) \(index)",
            "Artist \(1 + generator.next() % 500)",
            "Album \(1 + generator.next() % 2_000)",
            description,
            tags.joined(separator: separator),
            String(60 + generator.next() % 121),
        ]
    }

    /// A vocabulary index skewed towards the start (popular tags), as real tag counts are.
    private func popularIndex(using generator: inout SplitMix64) -> Int {
        let u = Double(generator.next() >> 11) / Double(1 << 53)
        return min(vocabulary.count - 1, Int(u * u * u * Double(vocabulary.count)))
    }

    private static func capitalised(_ word: String) -> String {
        word.prefix(1).uppercased() + word.dropFirst()
    }

    private static func makeVocabulary(_ language: Language) -> [String] {
        let moodsEN = [
            "uplifting", "calm", "dark", "melancholic", "happy", "sad", "epic", "relaxing", "energetic", "mysterious",
            "romantic", "tense", "dreamy", "bright", "warm", "cold", "hopeful", "nostalgic", "playful", "aggressive",
            "peaceful", "suspenseful", "cheerful", "gloomy", "powerful", "gentle", "driving", "eerie", "heroic",
            "lonely",
        ]
        let moodsJA = [
            "明るい", "爽やか", "切ない", "壮大", "不気味", "楽しい", "悲しい", "穏やか", "激しい", "優しい",
            "暗い", "可愛い", "懐かしい", "力強い", "静か", "怪しい", "温かい", "寂しい", "軽快", "幻想的",
            "重厚", "緊迫", "感動的", "神秘的", "元気", "のどか", "クール", "おしゃれ", "ポップ", "ドラマチック",
        ]
        let genresEN = [
            "rock", "pops", "jazz", "fusion", "ballad", "classical", "electronic", "ambient", "hip hop", "funk",
            "folk", "orchestral", "lofi", "techno", "house", "blues", "country", "reggae", "metal", "soul",
        ]
        let genresJA = [
            "ロック", "ポップス", "ジャズ", "フュージョン", "バラード", "クラシック", "エレクトロ", "アンビエント",
            "和風", "演歌", "童謡", "テクノ", "ハウス", "ブルース", "ファンク",
        ]
        let instrumentsEN = [
            "piano", "synth", "guitar", "electric guitar", "acoustic guitar", "strings", "drums", "bass", "violin",
            "cello", "flute", "brass", "saxophone", "trumpet", "harp", "organ", "choir", "bells", "marimba", "ukulele",
        ]
        let instrumentsJA = [
            "ピアノ", "シンセ", "ギター", "エレキギター", "アコースティックギター", "ストリングス", "ドラム",
            "ベース", "バイオリン", "チェロ", "フルート", "ブラス", "サックス", "琴", "三味線",
        ]
        // Single words first, then two-word tags; within each kind English before Japanese.
        let english = Words(genres: genresEN, instruments: instrumentsEN, moods: moodsEN, separator: " ")
        let japanese = Words(genres: genresJA, instruments: instrumentsJA, moods: moodsJA, separator: "")
        let languages = [language == .japanese ? nil : english, language == .english ? nil : japanese].compactMap { $0 }
        var words = languages.flatMap { $0.genres + $0.instruments + $0.moods }
        for pairs in [Words.moodInstruments, Words.moodGenres, Words.genreInstruments] {
            for language in languages { words += pairs(language) }
        }
        for bpm in stride(from: 60, through: 180, by: 2) { words.append("\(bpm)bpm") }
        return words
    }
}

/// One language's tag words, and how it joins two of them (`dark piano`, `暗いピアノ`).
private struct Words {
    var genres: [String]
    var instruments: [String]
    var moods: [String]
    var separator: String

    static func moodInstruments(_ words: Words) -> [String] {
        words.moods.flatMap { mood in words.instruments.map { mood + words.separator + $0 } }
    }

    static func moodGenres(_ words: Words) -> [String] {
        words.genres.flatMap { genre in words.moods.map { $0 + words.separator + genre } }
    }

    static func genreInstruments(_ words: Words) -> [String] {
        words.genres.flatMap { genre in words.instruments.map { genre + words.separator + $0 } }
    }
}
