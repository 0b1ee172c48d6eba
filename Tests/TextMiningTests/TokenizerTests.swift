import Testing

@testable import TextMining

@Suite struct TokenizerTests {
    @Test func latinTokensFoldRegularPlurals() {
        let tokens = LatinTokenizer.tokens(in: "guitars, melodies & classes: j-pop don't bass chorus drums' 2000s")
        #expect(
            tokens.map(\.surface) == [
                "guitars", "melodies", "classes", "j-pop", "don't", "bass", "chorus", "drums", "2000s",
            ])
        #expect(
            tokens.map(\.base) == ["guitar", "melody", "class", "j-pop", "don't", "bass", "chorus", "drum", "2000"])
    }

    @Test func mecabGivesBaseFormPartOfSpeechAndReading() throws {
        let tokens = try MeCabTokenizer().tokens(in: "明るかった")
        let first = try #require(tokens.first)
        #expect(first.base == "明るい")
        #expect(first.pos == .adjective)
        #expect(first.reading == "アカルカッ")
        #expect(tokens.dropFirst().map(\.pos) == [.auxiliary])
    }

    @Test func mixedJapaneseAndEnglishTagsSplitByScript() throws {
        let tokens = try TagTokenizer().tokens(in: TextNormalizer.normalize("明るいﾋﾟｱﾉ Solo Pianos"))
        #expect(tokens.map(\.base) == ["明るい", "ピアノ", "solo", "piano"])
        #expect(tokens.first?.pos == .adjective)
        #expect(tokens[1].pos == .noun)
    }

    @Test func englishOnlyTextNeverStartsMeCab() throws {
        let tokenizer = TagTokenizer(mecabArguments: "-d /nonexistent")
        #expect(try tokenizer.tokens(in: "dark ambient").map(\.base) == ["dark", "ambient"])
        #expect(throws: TextMiningError.self) { try tokenizer.tokens(in: "暗い") }
    }

    @Test func partOfSpeechLabelsFromLexiconsAndIPAdic() {
        #expect(PartOfSpeech(label: "形容詞") == .adjective)
        #expect(PartOfSpeech(label: " Adj ") == .adjective)
        #expect(PartOfSpeech(label: "名詞") == .noun)
        #expect(PartOfSpeech(label: "bogus") == nil)
        #expect(PartOfSpeech(ipadic: "助動詞") == .auxiliary)
        #expect(!PartOfSpeech.particle.isContent && PartOfSpeech.adjective.isContent)
    }
}
