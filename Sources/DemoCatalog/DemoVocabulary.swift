import Catalog

/// The words a demo track's tags and description are drawn from, with the catalogue's noise.
struct DemoVocabulary {
    let genre: DemoGenre
    let instruments: [DemoInstrument]
    let mood: DemoMood
    let bpm: Int

    private static let genreWords: [DemoGenre: [String]] = [
        .rock: ["ロック", "rock", "ハードロック"],
        .fusion: ["フュージョン", "fusion", "ジャズフュージョン"],
        .ballad: ["バラード", "ballad"],
        .pops: ["ポップ", "pops", "ポップス", "J-POP"],
        .classical: ["クラシック", "classical", "クラシカル"],
    ]

    private static let instrumentWords: [DemoInstrument: [String]] = [
        .piano: ["ピアノ", "piano", "ピアノソロ"],
        .synthesizer: ["シンセ", "synth", "シンセサイザー"],
        .guitar: ["アコギ", "acoustic guitar", "アコースティックギター"],
        .electricGuitar: ["エレキギター", "electric guitar", "エレキ"],
    ]

    private static let moodWords: [DemoMood: [String]] = [
        .bright: ["明るい", "爽やか", "楽しい", "元気", "happy", "bright"],
        .dark: ["暗い", "切ない", "悲しい", "寂しい", "sad", "dark"],
    ]

    private static let useWords = ["BGM", "CM", "オープニング", "エンディング", "trailer", "映像", "ゲーム", "vlog"]

    /// 3–7 tags: genre, instruments, mood, use and tempo, with a few wrong, missing or negated.
    func tags(random: inout SplitMix64) -> [String] {
        var tags: [String] = []
        let roll = Double.random(in: 0..<1, using: &random)
        if roll < 0.86 {
            tags.append(Self.word(Self.genreWords[genre], random: &random))
            // Curators tag some pops tracks with rock too, which leaves the genre ambiguous.
            if genre == .pops && Double.random(in: 0..<1, using: &random) < 0.1 { tags.append("ロック") }
        } else if roll < 0.92 {
            let wrong = DemoGenre.allCases.filter { $0 != genre }.randomElement(using: &random) ?? .rock
            tags.append(Self.word(Self.genreWords[wrong], random: &random))
        }
        for instrument in instruments where Double.random(in: 0..<1, using: &random) < 0.92 {
            tags.append(Self.word(Self.instrumentWords[instrument], random: &random))
        }
        if Double.random(in: 0..<1, using: &random) < 0.04 {
            tags.append(
                Self.word(
                    Self.instrumentWords[DemoInstrument.allCases.randomElement(using: &random) ?? .piano],
                    random: &random))
        }
        if !instruments.contains(.guitar) && !instruments.contains(.electricGuitar)
            && Double.random(in: 0..<1, using: &random) < 0.08
        {
            tags.append("ギターなし")
        }
        let moodRoll = Double.random(in: 0..<1, using: &random)
        let shownMood: DemoMood? = moodRoll < 0.85 ? mood : moodRoll < 0.93 ? (mood == .bright ? .dark : .bright) : nil
        if let shownMood {
            for _ in 0..<Int.random(in: 1...2, using: &random) {
                let word = Self.word(Self.moodWords[shownMood], random: &random)
                if !tags.contains(word) { tags.append(word) }
            }
        }
        tags.append(Self.word(Self.useWords, random: &random))
        if Bool.random(using: &random) { tags.append("\(bpm)bpm") }
        return tags
    }

    /// A short description in Japanese or English.
    func description(random: inout SplitMix64) -> String {
        let moodWord = Self.word(Self.moodWords[mood]?.prefix(4).map { $0 }, random: &random)
        let genreWord = Self.genreWords[genre]?.first ?? genre.rawValue
        let instrumentWord = Self.instrumentWords[instruments[0]]?.first ?? instruments[0].rawValue
        if Bool.random(using: &random) {
            return "\(moodWord)雰囲気の\(genreWord)、\(instrumentWord)が印象的"
        }
        return "A \(mood.rawValue) \(genre.rawValue) cue led by \(instruments[0].rawValue)."
    }

    private static func word(_ words: [String]?, random: inout SplitMix64) -> String {
        words?.randomElement(using: &random) ?? ""
    }
}
