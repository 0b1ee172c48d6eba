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

    @Test func mapsOfMoreThanSixtyFourClassesLabelEveryClass() throws {
        // 70 classes take two words of a class mask; classes 65 and 69 live in the second.
        let folder = try TemporaryDirectory()
        var toml = "task = \"instrument\"\npolicy = \"multi\"\n"
        for index in 0..<70 {
            toml += "[[class]]\nname = \"c\(index)\"\nkeywords = [\"k\(index)\"]\n"
            if index == 66 { toml += "exclude = [\"no k66\"]\n" }
        }
        let map = try KeywordMap.load(path: try folder.write("many.toml", toml))
        // Tags: 0 k3, 1 k65, 2 k66, 3 no k66, 4 k69, 5 piano
        let catalogue = InMemoryCatalogue(
            tagNames: ["k3", "k65", "k66", "no k66", "k69", "piano"],
            trackTags: [[0, 1], [2, 3], [4], [0, 1], [5], [2, 4]])

        let tally = try KeywordTally(map: map, catalogue: catalogue)

        #expect(tally.labels.map { [$0.track] + $0.classes } == [[0, 3, 65], [2, 69], [3, 3, 65], [5, 66, 69]])
        #expect(tally.labeled == 4 && tally.ambiguous == 0)
        #expect(tally.counts[3] == 2 && tally.counts[65] == 2 && tally.counts[66] == 1 && tally.counts[69] == 2)
        #expect(tally.counts.reduce(0, +) == 7)
    }
}
