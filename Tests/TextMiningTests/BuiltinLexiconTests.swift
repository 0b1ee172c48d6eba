import Testing

@testable import TextMining

@Suite struct BuiltinLexiconTests {
    @Test func shipsAFewHundredEntriesPerLanguageOnMinusOneToOne() throws {
        let folder = try BuiltinLexicons.directory()
        for file in BuiltinLexicons.polarityFiles {
            let lexicon = try PolarityLexicon.load(path: "\(folder)/\(file)", format: .generic)
            #expect(lexicon.entries.count >= 200, "\(file)")
            #expect(lexicon.entries.allSatisfy { (-1...1).contains($0.score) })
            #expect(lexicon.entries.contains { $0.score > 0.5 } && lexicon.entries.contains { $0.score < -0.5 })
        }
    }

    @Test func scoresTypicalBGMTagsTheWayACuratorWould() throws {
        let scorer = PolarityScorer(lexicon: try BuiltinLexicons.polarity())
        let bright = try #require(try scorer.score(tags: ["明るい", "爽やか", "ピアノ"], description: nil).mean)
        let eerie = try #require(try scorer.score(tags: ["不気味", "ダーク", "strings"], description: nil).mean)
        let notSad = try #require(try scorer.score(tags: ["not sad"], description: nil).mean)
        #expect(bright > 0.5)
        #expect(eerie < -0.5)
        #expect(notSad > 0)
        #expect(try scorer.score(tags: ["ピアノ", "120bpm"], description: nil).mean == nil)
    }

    @Test func environmentOverridesTheSearchAndAMissingFolderSaysWhatToDo() throws {
        #expect(try BuiltinLexicons.directory(environment: ["TAGMINE_LEXICONS": "/x/y"]) == "/x/y")
        let caught = #expect(throws: TextMiningError.self) {
            try BuiltinLexicons.directory(environment: [:], executable: "/nonexistent/bin/tagmine")
        }
        #expect(caught?.hint?.contains("TAGMINE_LEXICONS") == true)
    }
}
