import Testing

@testable import TextMining

@Suite struct PolarityScorerTests {
    private func lexicon(_ rows: [(String, Double, PartOfSpeech?)]) -> PolarityLexicon {
        PolarityLexicon(
            name: "test",
            entries: rows.enumerated().map { index, row in
                let words = row.0.split(separator: " ").map(String.init)
                return PolarityLexicon.Entry(
                    term: row.0, key: PolarityLexicon.key(forWords: words), words: words.count, pos: row.2,
                    score: row.1, line: index + 1)
            })
    }

    @Test func averagesMatchedEntriesAndFlipsEnglishNegations() throws {
        let scorer = PolarityScorer(
            lexicon: lexicon([("bright", 0.8, nil), ("dark", -0.6, nil), ("melody", 0.2, nil)]))
        let score = try scorer.score(tags: ["Bright", "not dark", "dreamy melodies", "piano"], description: nil)
        #expect(score.matches.map(\.term) == ["bright", "dark", "melody"])
        #expect(score.matches.map(\.negated) == [false, true, false])
        let mean = try #require(score.mean)
        #expect(abs(mean - (0.8 + 0.6 + 0.2) / 3) < 1e-12)
    }

    @Test func matchesJapaneseBaseFormsAndFlipsJapaneseNegations() throws {
        let scorer = PolarityScorer(
            lexicon: lexicon([("明るい", 0.9, .adjective), ("不気味", -0.7, nil), ("ギター", 0.1, .noun)]))
        let score = try scorer.score(
            tags: ["明るかった", "明るくはない", "不気味じゃない", "ギターなし", "ｷﾞﾀｰ"], description: nil)
        #expect(score.matches.map(\.term) == ["明るい", "明るい", "不気味", "ギター", "ギター"])
        #expect(score.matches.map(\.negated) == [false, true, true, true, false])
        #expect(score.matches.map(\.score) == [0.9, -0.9, 0.7, -0.1, 0.1])
    }

    @Test func matchesMultiWordPhrasesLongestFirst() throws {
        let scorer = PolarityScorer(lexicon: lexicon([("気 が 重い", -1, nil), ("重い", -0.2, nil), ("気", 0.1, nil)]))
        let score = try scorer.score(tags: ["気が重かった"], description: nil)
        #expect(score.matches.map(\.term) == ["気 が 重い"])
        #expect(score.mean == -1)
    }

    @Test func respectsPartOfSpeechRestrictions() throws {
        let scorer = PolarityScorer(lexicon: lexicon([("明るい", 0.9, .noun)]))
        #expect(try scorer.score(tags: ["明るい"], description: nil).mean == nil)
    }

    @Test func tracksWithoutMatchesAreUnscoredNotZero() throws {
        let scorer = PolarityScorer(lexicon: lexicon([("calm", 0.5, nil)]))
        let score = try scorer.score(tags: ["techno", "120bpm"], description: "calm intro")
        #expect(score.mean == nil)
        #expect(score.matches.isEmpty)
    }

    @Test func scoresTheDescriptionOnlyWhenAsked() throws {
        let rows: [(String, Double, PartOfSpeech?)] = [("calm", 0.5, nil)]
        let withDescription = PolarityScorer(lexicon: lexicon(rows), options: PolarityOptions(includeDescription: true))
        let score = try withDescription.score(tags: ["techno"], description: "A calm intro")
        #expect(score.mean == 0.5)
        #expect(score.matches.first?.source == "description")
    }

    @Test func neutralBandDiscountsNearZeroEntriesButKeepsThemAsEvidence() throws {
        let scorer = PolarityScorer(
            lexicon: lexicon([("table", -0.02, nil), ("warm", 0.6, nil)]), options: PolarityOptions(neutralBand: 0.05))
        let score = try scorer.score(tags: ["table", "warm"], description: nil)
        #expect(score.mean == 0.6)
        #expect(score.matches.map(\.counts) == [false, true])
    }

    @Test func centringRemovesEachPartOfSpeechsBias() throws {
        let rows: [(String, Double, PartOfSpeech?)] = [
            ("雨", -0.5, .noun), ("犬", -0.3, .noun), ("明るい", 0.9, .adjective), ("暗い", -0.7, .adjective),
        ]
        let scorer = PolarityScorer(lexicon: lexicon(rows), options: PolarityOptions(centrePerPartOfSpeech: true))
        let score = try scorer.score(tags: ["犬", "明るい"], description: nil)
        #expect(score.matches.map(\.entryScore) == [-0.3, 0.9])
        let centred = score.matches.map(\.score)
        #expect(abs(centred[0] - 0.1) < 1e-12 && abs(centred[1] - 0.8) < 1e-12)
    }
}
