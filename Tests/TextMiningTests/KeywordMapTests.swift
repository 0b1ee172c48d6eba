import Foundation
import TagmineTestSupport
import Testing

@testable import TextMining

@Suite struct KeywordMapTests {
    let folder: TemporaryDirectory

    init() throws {
        folder = try TemporaryDirectory()
    }

    private func map(_ toml: String) throws -> KeywordMap {
        try KeywordMap.load(path: try folder.write("map.toml", toml))
    }

    private let instruments = """
        task = "instrument"
        policy = "multi"
        [[class]]
        name = "piano"
        keywords = ["piano", "ピアノ"]
        [[class]]
        name = "guitar"
        keywords = ["guitar", "ギター"]
        exclude = ["unplugged"]
        [[class]]
        name = "electric guitar"
        keywords = ["electric guitar", "エレキギター", "エレキ"]
        """

    @Test func matchesTokenisedKeywordsLongestFirst() throws {
        let labeler = KeywordLabeler(map: try map(instruments))
        #expect(try labeler.decide(tags: ["Solo Pianos"]).classes == ["piano"])
        #expect(try labeler.decide(tags: ["ｴﾚｷｷﾞﾀｰ"]).classes == ["electric guitar"])
        #expect(try labeler.decide(tags: ["electric guitar"]).classes == ["electric guitar"])
        #expect(try labeler.decide(tags: ["ピアノとギター", "synth"]).classes == ["piano", "guitar"])
        #expect(try labeler.decide(tags: ["drums"]).classes.isEmpty)
    }

    @Test func negatedKeywordsAndExclusionPatternsRemoveTheClass() throws {
        let labeler = KeywordLabeler(map: try map(instruments))
        let decision = try labeler.decide(tags: ["piano", "ギターなし"])
        #expect(decision.classes == ["piano"])
        #expect(decision.hits.map(\.excludes) == [false, true])
        #expect(try labeler.decide(tags: ["guitar", "no guitar"]).classes.isEmpty)
        #expect(try labeler.decide(tags: ["without piano", "guitar"]).classes == ["guitar"])
        #expect(try labeler.decide(tags: ["guitar", "unplugged"]).classes.isEmpty)
    }

    @Test func singlePolicyLeavesTiesAmbiguousUnlessAPriorityDecides() throws {
        let genres = """
            task = "genre"
            policy = "single"
            [[class]]
            name = "rock"
            keywords = ["rock", "ロック"]
            [[class]]
            name = "pops"
            keywords = ["pops", "pop", "ポップス"]
            """
        let plain = KeywordLabeler(map: try map(genres))
        let tie = try plain.decide(tags: ["ロック", "ポップス"])
        #expect(tie.classes.isEmpty && tie.ambiguous && tie.matched == ["rock", "pops"])
        #expect(try plain.decide(tags: ["pop"]).classes == ["pops"])
        let ranked = KeywordLabeler(map: try map("priority = [\"pops\", \"rock\"]\n" + genres))
        #expect(try ranked.decide(tags: ["rock", "pops"]).classes == ["pops"])
    }

    @Test func rejectsBrokenMapsWithWhereAndWhy() throws {
        let syntax = #expect(throws: TextMiningError.self) { try map("task = \"genre\"\n[[class]\nname = 1\n") }
        #expect(syntax?.code == .invalidMap)
        #expect(syntax?.line == 2)
        let twice = #expect(throws: TextMiningError.self) {
            try map(
                "task = \"g\"\n[[class]]\nname = \"a\"\nkeywords = [\"Rock\"]\n[[class]]\nname = \"b\"\nkeywords = [\"ROCK\"]\n"
            )
        }
        #expect(twice?.message == "'ROCK' (class b) and 'Rock' (class a) are the same keyword")
        let policy = #expect(throws: TextMiningError.self) {
            try map("task = \"g\"\npolicy = \"some\"\n[[class]]\nname = \"a\"\nkeywords = [\"x\"]\n")
        }
        #expect(policy?.message == "policy 'some' is not single or multi")
        let priority = #expect(throws: TextMiningError.self) {
            try map("task = \"g\"\npriority = [\"z\"]\n[[class]]\nname = \"a\"\nkeywords = [\"x\"]\n")
        }
        #expect(priority?.message == "priority names 'z', which is not a class")
        let missing = #expect(throws: TextMiningError.self) { try map("task = \"g\"\n") }
        #expect(missing?.message.contains("class") == true)
    }

    /// `make fuzz` findings: a control character in a table header made TOMLKit's parser abort
    /// the process; a map must also be UTF-8 and of configuration size.
    @Test func refusesControlCharactersOversizeAndNonUTF8Maps() throws {
        let control = #expect(throws: TextMiningError.self) { try map("task = \"g\"\n\n[\u{01}]\n") }
        #expect(control?.line == 3)
        #expect(control?.message.hasPrefix("column 2: control character U+0001") == true)
        let nul = #expect(throws: TextMiningError.self) { try map("task = \"g\"\u{0}\n") }
        #expect(nul?.message.hasPrefix("column 11: control character U+0000") == true)
        let dotted = #expect(throws: TextMiningError.self) { try map("task = \"g\"\n  [[ .class]]\nname = \"a\"\n") }
        #expect(dotted?.line == 2)
        #expect(dotted?.message == "column 3: a table header needs a key after '[', but '.' follows")
        let open = #expect(throws: TextMiningError.self) { try map("task = \"g\"\n[\n") }
        #expect(open?.message == "column 1: a table header needs a key after '[', but the line ends")
        let latin1 = try folder.write("latin1.toml", Data([0x74, 0x3D, 0x22, 0xE9, 0x22, 0x0A]))
        let encoding = #expect(throws: TextMiningError.self) { try KeywordMap.load(path: latin1) }
        #expect(encoding?.code == .invalidEncoding)
        let big = try folder.write("big.toml", "# " + String(repeating: "x", count: 64) + "\n")
        let oversize = #expect(throws: TextMiningError.self) { try TextFile.readTOML(path: big, limit: 32) }
        #expect(oversize?.code == .unreadable)
        #expect(try TextFile.readTOML(path: big, limit: 80).count == 67)
    }

    @Test func shippedMapsLoadAndCoverTheSeedClasses() throws {
        let folder = try BuiltinLexicons.directory()
        let genres = try KeywordMap.load(path: "\(folder)/genre-seed.toml")
        #expect(genres.classes == ["rock", "fusion", "ballad", "pops", "classical"])
        #expect(genres.policy == .single)
        let instruments = try KeywordMap.load(path: "\(folder)/instrument-seed.toml")
        #expect(instruments.classes == ["piano", "synthesizer", "guitar", "electric guitar"])
        #expect(instruments.policy == .multi)
        #expect(try KeywordMap.load(path: "\(folder)/genre.toml").classes.count == 16)
    }
}
