import Foundation
import TagmineTestSupport
import Testing

@Suite struct HardeningCommandTests: CommandLineSuite {
    let folder: TemporaryDirectory

    init() throws {
        folder = try TemporaryDirectory()
    }

    @Test func importWarnsNamingLinesOutsideEveryRootAndRootsCanBeManaged() throws {
        #expect(try tagmine("init").status == 0)
        try FileManager.default.createDirectory(atPath: folder.file("cat"), withIntermediateDirectories: true)
        try folder.write("cat/tags.csv", "id,path,tags\nT1,a.wav,rock\nE4,/srv/users.toml,rock\n")

        let imported = try tagmine("import", "cat/tags.csv")
        let listed = try tagmine("roots")
        let added = try tagmine("roots", "add", "/srv")
        let listedAgain = try tagmine("roots", "list")
        let removed = try tagmine("roots", "remove", "/nowhere")

        #expect(imported.status == 0)
        #expect(
            imported.stderr.contains(
                "Warning: \(folder.file("cat/tags.csv")): 1 audio paths lie outside every audio root (lines 3)"))
        #expect(listed.stdout == folder.file("cat") + "\n")
        #expect(added.stdout == "Added /srv\n")
        #expect(listedAgain.stdout == "/srv\n\(folder.file("cat"))\n")
        #expect(removed.status == 1 && removed.stderr.contains("Error: /nowhere is not an audio root; the roots are: "))
    }

    @Test func controlCharactersFromACatalogueAreShownEscaped() throws {
        #expect(try tagmine("init").status == 0)
        try folder.write("tags.csv", "id,path,title,tags\nT1,a.wav,\"Evil\u{1B}]0;owned\u{07}\",\"x\u{1B}[2J\"\n")
        #expect(try tagmine("import", "tags.csv").status == 0)

        let tracks = try tagmine("tracks")
        let tags = try tagmine("tags")

        #expect(tracks.stdout.contains("Evil\\u{1B}]0;owned\\u{7}") && tags.stdout.contains("x\\u{1B}[2j"))
        #expect(
            !tracks.stdout.contains("\u{1B}") && !tags.stdout.contains("\u{1B}") && !tracks.stdout.contains("\u{07}"))
    }

    @Test func readCommandsDoNotTurnAnEmptyFileIntoAStore() throws {
        try folder.write("typo.db", Data())
        let result = try tagmine("tracks", "--db", "typo.db")
        #expect(result.status == 1)
        #expect(result.stderr.contains("Error: typo.db is an empty file, not a Tagmine store."))
        #expect(try FileManager.default.attributesOfItem(atPath: folder.file("typo.db"))[.size] as? Int == 0)
    }

    @Test func anEmptyNameIsRefusedInWordsNotWithAnSQLiteError() throws {
        #expect(try tagmine("init").status == 0)
        try folder.write("tags.csv", "id,path,tags\nT1,a.wav,rock\nT2,b.wav,jazz\nT3,c.wav,rock\n")
        #expect(try tagmine("import", "tags.csv").status == 0)
        #expect(try tagmine("label", "genre", "--map", "genre-seed").status == 0)

        let relabeled = try tagmine("relabel", "1", "--set", "T2=rock", "--name", " ")

        #expect(relabeled.status == 1)
        #expect(relabeled.stderr == "Error: a label set cannot have an empty name\n")
    }

    @Test func manyTagsOnOneRowAreRefusedUnlessTheLimitIsRaised() throws {
        #expect(try tagmine("init").status == 0)
        let tags = (0..<12_000).map { "t\($0)" }.joined(separator: ";")
        try folder.write("tags.csv", "id,path,tags\nT1,a.wav,\"\(tags)\"\n")

        let refused = try tagmine("import", "tags.csv")
        let raised = try tagmine("import", "tags.csv", "--max-tags", "20000")

        #expect(refused.status == 1)
        #expect(refused.stderr.contains("tags.csv:2:3: the track has more than 10000 tags"))
        #expect(raised.status == 0 && raised.stdout.contains("1 tracks (1 new), 12000 tags"))
    }

    @Test func aUTF8CatalogueWithOneCP932RowIsImportedWithAWarning() throws {
        #expect(try tagmine("init").status == 0)
        // "明る" in UTF-8 is valid CP932 too: without the warning it would import as mojibake unnoticed.
        var bytes = Data("id,path,tags\nT1,a.wav,明る\n".utf8)
        bytes += try #require("T2,b.wav,暗い\n".data(using: .shiftJIS))
        try folder.write("mixed.csv", bytes)

        let imported = try tagmine("import", "mixed.csv")

        #expect(imported.status == 0)
        #expect(
            imported.stderr.contains(
                "Warning: mixed.csv: read as CP932 because line 3 is not UTF-8, although line 2 is"))
    }

    @Test func predictionCSVsMakeFormulaLikeCellsInert() throws {
        // Given a catalogue whose every track id starts like a spreadsheet formula
        #expect(try tagmine("demo", "generate", "--out", "cat", "--tracks", "24", "--seconds", "1").status == 0)
        let path = folder.file("cat/tags.csv")
        let text = try #require(String(data: try Data(contentsOf: URL(fileURLWithPath: path)), encoding: .shiftJIS))
        try folder.write("cat/tags.csv", text.replacingOccurrences(of: "\r\nD0", with: "\r\n=D0"), encoding: .shiftJIS)
        #expect(try tagmine("init").status == 0)
        #expect(try tagmine("import", "cat/tags.csv").status == 0)
        #expect(try tagmine("label", "genre", "--map", "genre-seed").status == 0)
        #expect(try tagmine("features").status == 0)
        #expect(try tagmine("train", "1", "--folds", "2", "--epochs", "3").status == 0)

        // When the predictions are written as CSV
        let csv = try tagmine("report", "1", "--predictions", "--format", "csv")

        // Then every id cell is text a spreadsheet will not run
        let rows = csv.stdout.split(separator: "\n").dropFirst()
        #expect(!rows.isEmpty && rows.allSatisfy { $0.hasPrefix("'=D0") })
    }
}
