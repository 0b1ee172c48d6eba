import Foundation
import TagmineTestSupport
import Testing

@Suite struct CommandLineTests: CommandLineSuite {
    let folder: TemporaryDirectory

    init() throws {
        folder = try TemporaryDirectory()
    }

    @Test func importsACatalogueAndListsItsTopTags() throws {
        // Given a store and a CP932 catalogue as Excel writes it
        #expect(try tagmine("init").status == 0)
        let csv = "曲番号,file,タイトル,tags\r\n1,a.wav,朝,\"明るい、ピアノ\"\r\n2,b.wav,夜,\"ピアノ, Jazz\"\r\n"
        try folder.write("tags.csv", csv, encoding: .shiftJIS)

        // When it is imported with a column mapping
        let imported = try tagmine("import", "tags.csv", "--column", "id=曲番号", "--column", "title=タイトル")

        // Then the tracks and their tags are in the store
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("tags.csv: 2 tracks (2 new), 4 tags [csv, cp932, source 1"))
        let tags = try tagmine("tags", "--top", "2", "--json")
        let decoded = try JSONDecoder().decode([[String: TagValue]].self, from: Data(tags.stdout.utf8))
        #expect(decoded.map { $0["tag"] } == [.text("ピアノ"), .text("jazz")])
        #expect(decoded.map { $0["tracks"] } == [.count(2), .count(1)])
        let tracks = try tagmine("tracks", "--limit", "1")
        #expect(tracks.stdout.hasPrefix("2 tracks\n"))
        #expect(tracks.stdout.contains("明るい, ピアノ"))
    }

    @Test func storeComesFromTheEnvironmentWhenNoDBOptionIsGiven() throws {
        let environment = ["TAGMINE_DB": folder.file("other.db")]
        #expect(try tagmine("init", environment: environment).status == 0)
        #expect(FileManager.default.fileExists(atPath: folder.file("other.db")))
        #expect(try tagmine("tracks", environment: environment).stdout == "0 tracks\n")
    }

    @Test func refusesAMissingStoreWithHowToCreateOne() throws {
        let result = try tagmine("tags")
        #expect(result.status == 1)
        #expect(result.stderr.contains("Error: no Tagmine store at tagmine.db. Create one with `tagmine init`"))
    }

    @Test func malformedFileFailsNamingFileAndLine() throws {
        #expect(try tagmine("init").status == 0)
        try folder.write("bad.csv", "id,path,tags\n1,a.wav,ok\n2,b.wav,\"open\n")
        let result = try tagmine("import", "bad.csv")
        #expect(result.status == 1)
        #expect(
            result.stderr.contains(
                "bad.csv:3:3: unterminated quoted field (opened at line 3, still open at the end of the file)"))
        #expect(try tagmine("tracks").stdout == "0 tracks\n")
    }

    @Test func aBatchWithSomeFailuresCarriesOnAndExitsThree() throws {
        #expect(try tagmine("init").status == 0)
        try folder.write("good.csv", "id,path,tags\n1,a.wav,rock\n")
        let result = try tagmine("import", "missing.csv", "good.csv")
        #expect(result.status == 3)
        #expect(result.stderr.contains("missing.csv: cannot open"))
        #expect(result.stdout.contains("good.csv: 1 tracks (1 new)"))
    }

    @Test func labelsEmotionWithTheBuiltinLexiconAndShowsTheHistogram() throws {
        #expect(try tagmine("init").status == 0)
        try folder.write("tags.csv", "id,path,tags\n1,a.wav,明るい\n2,b.wav,悲しい\n3,c.wav,happy\n4,d.wav,piano\n")
        #expect(try tagmine("import", "tags.csv").status == 0)
        let result = try tagmine("label", "emotion", "--top", "1", "--name", "mood")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("Scores of 3 tracks (1 of 4 unscored):\n"))
        #expect(result.stdout.contains("◀ negative ≤ "))
        #expect(result.stdout.contains("Wrote label set 1 'mood' (emotion): positive 1, negative 1, unlabeled 2"))
        let again = try tagmine("label", "emotion", "--top", "1", "--name", "mood")
        #expect(again.status == 1)
        #expect(again.stderr.contains("a label set named 'mood' already exists"))
        #expect(try tagmine("label", "emotion", "--top", "1", "--quantile", "0.2").status == 64)
    }

    @Test func labelsGenreWithAShippedMapAndRefusesAMapForAnotherTask() throws {
        #expect(try tagmine("init").status == 0)
        try folder.write("tags.csv", "id,path,tags\n1,a.wav,ロック\n2,b.wav,\"pops, rock\"\n3,c.wav,piano\n")
        #expect(try tagmine("import", "tags.csv").status == 0)
        let dry = try tagmine("label", "genre", "--map", "genre-seed", "--dry-run")
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains("coverage 33.3% (1 of 3 tracks), ambiguous 1 [single policy]"))
        #expect(dry.stdout.contains("Dry run: nothing written"))
        let written = try tagmine("label", "genre", "--map", "genre-seed", "--name", "g1")
        #expect(written.stdout.contains("Wrote label set 1 'g1' (genre)"))
        let wrongTask = try tagmine("label", "instrument", "--map", "genre-seed")
        #expect(wrongTask.status == 64)
        #expect(wrongTask.stderr.contains("is for 'genre', not instrument"))
    }

    @Test func labelsEveryTaskInOnePassAndWritesOneSetEach() throws {
        #expect(try tagmine("init").status == 0)
        try folder.write(
            "tags.csv", "id,path,tags\n1,a.wav,\"happy, rock, piano\"\n2,b.wav,\"悲しい, jazz\"\n3,c.wav,ambient\n")
        #expect(try tagmine("import", "tags.csv").status == 0)
        let result = try tagmine("label", "all", "--top", "1", "--tasks", "genre,emotion")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("Emotion:\nScores of 2 tracks (1 of 3 unscored):\n"))
        #expect(result.stdout.contains("Wrote label set 1 (emotion): positive 1, negative 1, unlabeled 1"))
        #expect(result.stdout.contains("\nGenre:\n"))
        #expect(result.stdout.contains("coverage 100.0% (3 of 3 tracks), ambiguous 0 [single policy]"))
        #expect(result.stdout.contains("Wrote label set 2 (genre)"))
        #expect(!result.stdout.contains("Instrument:"))
        let sets = try tagmine("labels", "list")
        #expect(sets.stdout.contains("emotion") && sets.stdout.contains("genre") && !sets.stdout.contains("instrument"))

        let twice = try tagmine("label", "all", "--top", "1", "--tasks", "genre,genre")
        #expect(twice.status == 64)
        #expect(twice.stderr.contains("--tasks names a task twice"))
        #expect(try tagmine("label", "all", "--tasks", "emotion").status == 64)
        #expect(
            try tagmine("label", "all", "--tasks", "genre", "--dry-run").stdout.contains("Dry run: nothing written"))
    }

    @Test func showsALabelSetATracksEvidenceAndUncoveredTags() throws {
        #expect(try tagmine("init").status == 0)
        try folder.write(
            "tags.csv", "id,path,tags\n1,a.wav,\"piano, ギターなし\"\n2,b.wav,\"synth, drums\"\n3,c.wav,drums\n")
        #expect(try tagmine("import", "tags.csv").status == 0)
        #expect(try tagmine("label", "instrument", "--name", "inst", "--author", "kim").status == 0)
        let list = try tagmine("labels", "list")
        #expect(
            list.stdout.contains("inst  instrument        2  piano 1, synthesizer 1, guitar 0, electric guitar 0  kim"))
        let show = try tagmine("labels", "show", "inst")
        #expect(show.stdout.contains("coverage 66.7% (2 of 3 tracks)"))
        let track = try tagmine("labels", "show", "inst", "--track", "1")
        #expect(track.stdout.hasPrefix("Track 1 in label set 1 (instrument):\n  piano [rule]\n"))
        #expect(track.stdout.contains("\"keyword\" : \"ギター\""))
        let missing = try tagmine("labels", "show", "nope")
        #expect(missing.status == 1 && missing.stderr.contains("no label set 'nope'"))
        let uncovered = try tagmine("tags", "--uncovered", "--map", "instrument-seed", "--json")
        #expect(uncovered.stdout.contains("\"tag\" : \"drums\""))
        #expect(!uncovered.stdout.contains("\"tag\" : \"piano\""))
    }

    @Test func relabelsDiffsSplitsAndExportsFromTheCommandLine() throws {
        #expect(try tagmine("init").status == 0)
        var csv = "id,path,artist,tags\n"
        for index in 0..<40 {
            csv += "t\(index),a\(index).wav,A\(index % 8),\(["rock", "pops", "ballad"][index % 3])\n"
        }
        try folder.write("tags.csv", csv)
        #expect(try tagmine("import", "tags.csv").status == 0)
        #expect(try tagmine("label", "genre", "--map", "genre-seed", "--name", "v1").status == 0)

        // An invalid operation fails with the reason and writes nothing.
        let invalid = try tagmine("relabel", "v1", "--drop", "pops", "--merge", "rock=rock")
        #expect(invalid.status == 1 && invalid.stderr.contains("cannot merge 'rock' into itself"))
        #expect(try tagmine("labels", "list", "--json").stdout.components(separatedBy: "\"task\" :").count == 2)

        try folder.write("fix.csv", "track_id,label,note\nt1,ballad,sung\nt2,,\n")
        let relabel = try tagmine(
            "relabel", "v1", "--drop", "pops", "--from-file", "fix.csv", "--name", "v2", "--author", "kana")
        #expect(relabel.status == 0, "\(relabel.stderr)")
        #expect(relabel.stdout.hasPrefix("Wrote label set 2 'v2' from 1: drop pops; set t1=ballad; unset t2\n"))
        let diff = try tagmine("labels", "diff", "v1", "v2", "--json")
        let decoded = try JSONDecoder().decode(LabelDiffJSON.self, from: Data(diff.stdout.utf8))
        #expect(decoded.changedTracks == 14)
        #expect(decoded.tracks.first { $0.track == "t1" }?.after == ["ballad"])
        let lineage = try tagmine("labels", "lineage", "v2")
        #expect(lineage.stdout.contains("↓ 2 'v2'  relabel: drop pops; set t1=ballad; unset t2"))
        #expect(try tagmine("labels", "list").stdout.contains("└ 2  v2"))

        let split = try tagmine("split", "v2", "--folds", "4", "--group-by", "artist", "--seed", "3")
        #expect(split.status == 0, "\(split.stderr)")
        #expect(split.stdout.contains("Wrote split 1 of label set 2: fold-1, fold-2, fold-3, fold-4"))
        let export = try tagmine("export", "v2", "--format", "nnc", "--out", "dataset")
        #expect(export.status == 0, "\(export.stderr)")
        #expect(export.stdout.contains("Exported label set 2 with split 1 as nnc:"))
        let fold = try String(contentsOfFile: folder.file("dataset/fold-1.csv"), encoding: .utf8)
        #expect(fold.hasPrefix("x:audio,y:label\n\(folder.path)/a"))
    }

    @Test func demoRunsTheLoopSoFarOnAGeneratedCatalogue() throws {
        let result = try tagmine("demo", "--dir", "d", "--tracks", "120", "--seconds", "1.5")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("2. Imported: d/tags.csv: 120 tracks (120 new)"))
        #expect(result.stdout.contains("the 20 highest positive, the 20 lowest negative → label set 'emotion-v1'"))
        #expect(
            result.stdout.contains("→ label set 'genre-v1'") && result.stdout.contains("→ label set 'instrument-v1'"))
        let sets = try tagmine("labels", "list", "--db", "d/tagmine.db", "--json")
        #expect(sets.stdout.components(separatedBy: "\"task\" :").count == 5)
        #expect(result.stdout.contains("7. Features: logmel-stats [") && result.stdout.contains("(120 extracted)"))
        // The story: pops has the lowest F1, the suggestion drops it, accuracy after the drop is higher.
        let f1 = Dictionary(
            uniqueKeysWithValues: result.stdout.split(separator: "\n").compactMap { line -> (String, Double)? in
                let words = line.split(separator: " ")
                guard words.count == 5, ["rock", "fusion", "ballad", "pops", "classical"].contains(String(words[0])),
                    let score = Double(words[3])
                else { return nil }
                return (String(words[0]), score)
            })
        #expect(f1.count == 5 && f1["pops"] == f1.values.min(), "\(f1)")
        #expect(result.stdout.contains("9. Suggest: tagmine relabel genre-v1 --drop pops"))
        #expect(result.stdout.contains("10. Relabel: dropped 'pops' from genre-v1 → 'genre-v2-no-pops'"))
        let change = try #require(result.stdout.split(separator: "\n").first { $0.hasPrefix("13. Compare:") })
        let figures = change.replacingOccurrences(of: ",", with: " ").split(separator: " ").dropFirst().compactMap {
            Double($0)
        }
        #expect(figures.count == 4 && figures[1] > figures[0] && figures[3] > figures[2], "\(change)")
        #expect(result.stdout.contains("14. Exported a Neural Network Console dataset: fold-1.csv"))
        #expect(FileManager.default.fileExists(atPath: folder.file("d/report-genre-v1.html")))
        #expect(FileManager.default.fileExists(atPath: folder.file("d/dataset/classes.csv")))
    }

    @Test func usageErrorsExitSixtyFour() throws {
        #expect(try tagmine("init").status == 0)
        let result = try tagmine("import", "x.csv", "--encoding", "latin9")
        #expect(result.status == 64)
        #expect(result.stderr.contains("expected one of auto, utf-8, cp932, utf-16"))
    }
}

/// A JSON value in the `tags --json` output.
private enum TagValue: Decodable, Equatable {
    case text(String)
    case count(Int)

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let count = try? container.decode(Int.self) {
            self = .count(count)
        } else {
            self = .text(try container.decode(String.self))
        }
    }
}

/// The parts of `labels diff --json` the test reads.
private struct LabelDiffJSON: Decodable {
    struct Change: Decodable {
        var track: String
        var after: [String]
    }

    var changedTracks: Int
    var tracks: [Change]
}
