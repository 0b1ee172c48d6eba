import Foundation
import TagmineTestSupport
import Testing
import TextMining

@Suite struct PolarityScoresTests {
    @Test func scoresEachTrackAsTheMeanOfItsTagsAndDescriptionAndCountsTheUnscored() throws {
        let folder = try TemporaryDirectory()
        let lexicon = try PolarityLexicon.load(
            path: try folder.write("lexicon.csv", "bright,0.8\ngloomy,-0.6\nwarm,0.4\n"), format: .generic)
        // Tags: 0 bright, 1 gloomy, 2 drums, 3 warm
        let catalogue = InMemoryCatalogue(
            tagNames: ["bright", "gloomy", "drums", "warm"], trackTags: [[0, 3], [1], [2], [2]])

        let scores = try PolarityScores(
            scorer: PolarityScorer(lexicon: lexicon), catalogue: catalogue,
            description: { $0 == 3 ? "a gloomy mood" : nil })

        #expect(scores.scored.map(\.track) == [0, 1, 3] && scores.unscored == 1)
        #expect(abs(scores.scored[0].score - 0.6) < 1e-9 && abs(scores.scored[1].score + 0.6) < 1e-9)
        #expect(abs(scores.scored[2].score + 0.6) < 1e-9 && scores.scored[2].descriptionMatches.count == 1)
        #expect(scores.tags.count == 4 && scores.tags[2].matches.isEmpty)
        let zero = try PolarityScores(
            scorer: PolarityScorer(lexicon: lexicon), catalogue: catalogue, description: { _ in nil },
            unscoredAsZero: true)
        #expect(zero.unscored == 0 && zero.scored.map(\.score)[2] == 0)
    }
}
