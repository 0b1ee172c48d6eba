import Foundation
import TagmineTestSupport
import Testing

@testable import TextMining

@Suite struct PolarityLexiconTests {
    let folder: TemporaryDirectory

    init() throws {
        folder = try TemporaryDirectory()
    }

    @Test func readsAPNTableInCP932KeyedByWordAndPartOfSpeech() throws {
        let path = try folder.write(
            "pn.dic", "明るい:あかるい:形容詞:0.9\r\n暗い:くらい:形容詞:-0.8\r\n雨:あめ:名詞:-0.3\r\n", encoding: .shiftJIS)
        let lexicon = try PolarityLexicon.load(path: path)
        #expect(lexicon.entries.count == 3)
        #expect(lexicon.entry(for: "明るい", pos: .adjective)?.score == 0.9)
        #expect(lexicon.entry(for: "明るい", pos: .noun) == nil)
        #expect(lexicon.entry(for: "明るい", pos: nil)?.score == 0.9)
        #expect(lexicon.entry(for: "雨", pos: .noun)?.line == 3)
    }

    @Test func readsBothTohokuLayoutsAndSkipsNeutralNouns() throws {
        let text = "ポジ（経験）\t晴れる\nネガ（評価）\t気 が 重い\n笑顔\tp\t～がある\n騒音\tn\t～がする\n机\te\t～がある\n"
        let lexicon = try PolarityLexicon.load(path: try folder.write("tohoku.tsv", text))
        #expect(lexicon.entries.map(\.key) == ["晴れる", "気が重い", "笑顔", "騒音"])
        #expect(lexicon.entries.map(\.score) == [1, -1, 1, -1])
        #expect(lexicon.entry(for: "気が重い", pos: nil)?.words == 3)
        #expect(lexicon.entry(for: "笑顔", pos: .noun) != nil)
    }

    @Test func mapsVADERAndAFINNScalesOntoMinusOneToOne() throws {
        let vader = try folder.write("vader.txt", "uplifting\t2.4\t0.8\t[2, 3, 2, 3]\ngrim\t-2\t0.5\t[-2, -2]\n")
        #expect(try PolarityLexicon.load(path: vader).entries.map(\.score) == [0.6, -0.5])
        let afinn = try folder.write("afinn.txt", "gloomy\t-3\nnot good\t-2\nsuperb\t5\n")
        let lexicon = try PolarityLexicon.load(path: afinn)
        #expect(lexicon.entries.map(\.score) == [-0.6, -0.4, 1])
        #expect(lexicon.entry(for: "not good", pos: nil)?.words == 2)
    }

    @Test func readsGenericFilesWithHeaderCommentsPartOfSpeechAndAnyScale() throws {
        let text = "term,score,pos\n# a comment\n爽やか,4,\nbleak,-5,adj\nＢＲＩＧＨＴ,2.5\n"
        let lexicon = try PolarityLexicon.load(path: try folder.write("mine.csv", text))
        #expect(lexicon.entries.map(\.key) == ["爽やか", "bleak", "bright"])
        #expect(lexicon.entries.map(\.score) == [0.8, -1, 0.5])
        #expect(lexicon.entries[1].pos == .adjective)
    }

    @Test func keepsTheFirstOfDuplicateTermsWithTheSamePartOfSpeech() throws {
        let lexicon = try PolarityLexicon.load(
            path: try folder.write("dup.tsv", "calm\t0.5\ncalm\t-0.5\ncalm\t0.2\tnoun\n"))
        #expect(lexicon.entries.count == 2)
        #expect(lexicon.entry(for: "calm", pos: .adjective)?.score == 0.5)
        #expect(lexicon.entry(for: "calm", pos: .noun)?.score == 0.2)
    }

    @Test func namesTheLineOfAMalformedEntry() throws {
        let path = try folder.write("broken.dic", "良い:よい:形容詞:0.9\n悪い:わるい:形容詞\n")
        let caught = #expect(throws: TextMiningError.self) { try PolarityLexicon.load(path: path, format: .pnTable) }
        let error = try #require(caught)
        #expect(error.code == .malformedEntry)
        #expect(error.line == 2)
        #expect(error.description.hasPrefix(path + ":2: not a pn-table entry. Expected word:reading:POS:score"))
    }

    @Test(arguments: ["good,nan,", "good,inf,", "good,-infinity,", "good,1e400,", ",0.5,"])
    func refusesScoresThatAreNotNumbersAndEntriesWithoutAWord(entry: String) throws {
        let path = try folder.write("hostile.csv", "term,score,pos\nfine,0.5,\n\(entry)\n")
        let error = #expect(throws: TextMiningError.self) { try PolarityLexicon.load(path: path, format: .generic) }
        #expect(error?.line == 3, "\(entry): \(String(describing: error))")
    }

    @Test func refusesAnEmptyLexiconAndAMissingFile() throws {
        let empty = try folder.write("empty.csv", "# nothing here\n\n")
        #expect(throws: TextMiningError.self) { try PolarityLexicon.load(path: empty) }
        let missing = #expect(throws: TextMiningError.self) { try PolarityLexicon.load(path: folder.file("no.csv")) }
        #expect(missing?.code == .fileNotFound)
    }

    @Test func detectsFormatsFromTheFirstLine() {
        #expect(LexiconFormat.detect(firstLine: "優れる:すぐれる:動詞:1") == .pnTable)
        #expect(LexiconFormat.detect(firstLine: "ネガ（経験）\t悲しい") == .tohoku)
        #expect(LexiconFormat.detect(firstLine: "嵐\tn\t～が来る") == .tohoku)
        #expect(LexiconFormat.detect(firstLine: "happy\t2.7\t0.6\t[3, 2]") == .vader)
        #expect(LexiconFormat.detect(firstLine: "happy\t3") == .afinn)
        #expect(LexiconFormat.detect(firstLine: "happy,0.7") == .generic)
    }

    @Test func phraseKeysJoinJapaneseWordsDirectlyAndOthersWithASpace() {
        #expect(PolarityLexicon.key(forWords: ["気", "が", "利く"]) == "気が利く")
        #expect(PolarityLexicon.key(forWords: ["Not", "ＢＡＤ"]) == "not bad")
        #expect(PolarityLexicon.key(forWords: ["very", "明るい"]) == "very 明るい")
    }
}
