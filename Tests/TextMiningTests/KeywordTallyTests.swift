import Foundation
import TagmineTestSupport
import Testing
import TextMining

@Suite struct KeywordTallyTests {
    private func genreMap() throws -> KeywordMap {
        let folder = try TemporaryDirectory()
        return try KeywordMap.load(
            path: try folder.write(
                "genre.toml",
                """
                task = "genre"
                policy = "single"
                [[class]]
                name = "rock"
                keywords = ["rock", "ロック"]
                [[class]]
                name = "ballad"
                keywords = ["ballad", "バラード"]
                exclude = ["power ballad"]
                """))
    }

    @Test func labelsEachTrackFromItsDistinctTagsAndCountsRulesAndConflicts() throws {
        // Tags: 0 rock, 1 バラード, 2 piano, 3 power ballad
        let catalogue = InMemoryCatalogue(
            tagNames: ["rock", "バラード", "piano", "power ballad"],
            trackTags: [[0, 2], [1], [0, 1], [2], [3, 1], [0]])

        let map = try genreMap()
        let tally = try KeywordTally(map: map, catalogue: catalogue)

        #expect(tally.labels.map { [$0.track] + $0.classes } == [[0, 0], [1, 1], [5, 0]])
        #expect(tally.counts == [2, 1] && tally.labeled == 3)
        // Track 2 supports both classes under the single policy, with no priority: ambiguous. Track 4's
        // "power ballad" excludes the ballad its other tag supports: unlabeled, not ambiguous.
        #expect(tally.ambiguous == 1)
        let fired = Dictionary(
            uniqueKeysWithValues: zip(map.rules.map(\.text), tally.rules.map { [$0.tracks, $0.conflicts] }))
        #expect(fired["rock"] == [3, 1] && fired["バラード"] == [3, 1] && fired["power ballad"] == [1, 0])
        #expect(fired["ロック"] == [0, 0] && fired["ballad"] == [0, 0])
        #expect(tally.tags.count == 4 && tally.tags[2].rules.isEmpty && !tally.tags[0].rules.isEmpty)
    }
}
