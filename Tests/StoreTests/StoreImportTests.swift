import Catalog
import Foundation
import GRDB
import Records
import TagmineTestSupport
import Testing
import TextMining
import Workflows

@testable import Store

@Suite struct StoreImportTests {
    let folder: TemporaryDirectory
    let store: Store

    init() throws {
        folder = try TemporaryDirectory()
        store = try Store.create(at: folder.file("tagmine.db"))
    }

    private func importCSV(_ name: String, _ text: String, onDuplicate: DuplicatePolicy = .error) async throws
        -> ImportSummary
    {
        let path = try folder.write(name, text)
        return try await ImportWorkflow(store: store).importCatalog(
            at: path, options: CatalogOptions(), onDuplicate: onDuplicate)
    }

    private func rows(_ sql: String) throws -> [Row] {
        try DatabaseQueue(path: store.path).read { db in try Row.fetchAll(db, sql: sql) }
    }

    @Test func openingAMissingStoreSaysHowToCreateOne() {
        let caught = #expect(throws: StoreError.self) { _ = try Store.open(at: folder.file("missing.db")) }
        #expect(caught?.code == .missingStore)
        #expect(caught?.message.contains("tagmine init") == true)
        #expect(!FileManager.default.fileExists(atPath: folder.file("missing.db")))
    }

    @Test func newStoreHasTheNamedMigrationsAndIsInWALMode() async throws {
        #expect(
            try await store.appliedMigrations() == [
                "v1-catalog", "v2-label-sets", "v3-tag-evidence", "v4-relabel-and-splits", "v5-features", "v6-runs",
                "v7-train-checkpoints", "v8-audio-roots", "v9-half-precision-spectrograms",
                "v10-epoch-checkpoints", "v11-multi-task-runs",
            ])
        let mode = try rows("PRAGMA journal_mode").first?[0] as String?
        #expect(mode == "wal")
        #expect(try Store.open(at: store.path).path == store.path)
    }

    @Test func aNonDatabaseFileIsRefusedClearly() throws {
        let path = try folder.write("notes.db", String(repeating: "not sqlite ", count: 200))
        let caught = #expect(throws: StoreError.self) { _ = try Store.open(at: path) }
        #expect(caught?.code == .unreadable)
    }

    @Test func importsTracksTagsAndAttributes() async throws {
        let summary = try await importCSV(
            "tags.csv", "id,path,title,tags,bpm\n1,a.wav,One,\"Rock, ﾋﾟｱﾉ\",120\n2,b.wav,Two,rock;Jazz,\n")
        #expect(summary.records == 2)
        #expect(summary.inserted == 2)
        #expect(summary.tags == 4)
        #expect(summary.format == .csv)
        #expect(summary.encoding == .utf8)
        #expect(!summary.unchanged)

        #expect(try await store.trackCount() == 2)
        let tracks = try await store.tracks(limit: 10)
        #expect(tracks.map(\.tags) == [["rock", "ピアノ"], ["rock", "jazz"]])
        #expect(tracks[0].attributes == ["bpm": "120"])
        #expect(tracks[1].attributes == [:])
        #expect(tracks[0].audioPath == folder.file("a.wav"))

        let originals = try rows(
            """
            SELECT COALESCE(original, tag.name) FROM track_tag JOIN tag ON tag.id = tag_id
            ORDER BY track_id, position
            """
        ).map { $0[0] as String }
        let stored = try rows("SELECT original FROM track_tag ORDER BY track_id, position").map { $0[0] as String? }
        #expect(stored == ["Rock", "ﾋﾟｱﾉ", nil, "Jazz"])
        #expect(originals == ["Rock", "ﾋﾟｱﾉ", "rock", "Jazz"])
        let source = try #require(try await store.sources().first)
        #expect(source.rowCount == 2)
        #expect(source.contentHash == (try CatalogFile.fingerprint(of: folder.file("tags.csv"))))
    }

    @Test func topTagsAreOrderedByCountThenName() async throws {
        _ = try await importCSV("tags.csv", "id,path,tags\n1,a,b;a;c\n2,a,c;b\n3,a,c\n4,a,z\n")
        let top = try await store.topTags(limit: 3)
        #expect(top == [TagCount(tag: "c", tracks: 3), TagCount(tag: "b", tracks: 2), TagCount(tag: "a", tracks: 1)])
    }

    @Test func aMalformedFileImportsNothing() async throws {
        var text = "id,path,tags\n"
        for index in 0..<20_000 { text += "\(index),a.wav,rock\n" }
        text += "bad,\"unterminated,rock\n"
        let caught = await #expect(throws: CatalogError.self) { try await importCSV("big.csv", text) }
        #expect(caught?.line == 20_002)
        #expect(try await store.trackCount() == 0)
        #expect(try await store.sources().isEmpty)
        #expect(try rows("SELECT COUNT(*) FROM tag").first?[0] == 0)
    }

    @Test func reimportingTheSameContentDoesNothing() async throws {
        let text = "id,path,tags\n1,a.wav,rock\n"
        let first = try await importCSV("tags.csv", text)
        let again = try await importCSV("tags.csv", text)
        let copy = try await importCSV("copy.csv", text)
        #expect(again.unchanged && again.sourceID == first.sourceID)
        #expect(copy.unchanged && copy.sourceID == first.sourceID)
        #expect(try await store.trackCount() == 1)
        #expect(try await store.sources().count == 1)
    }

    @Test func reimportingAChangedFileUpdatesTracksByCatalogueID() async throws {
        let first = try await importCSV("tags.csv", "id,path,tags\n1,a.wav,rock\n2,b.wav,jazz\n")
        let second = try await importCSV("tags.csv", "id,path,tags\n1,a.wav,pops\n3,c.wav,folk\n")
        #expect(second.sourceID == first.sourceID)
        #expect((second.inserted, second.updated, second.missingFromFile) == (1, 1, 1))
        let tracks = try await store.tracks(limit: 10)
        #expect(tracks.map(\.catalogueID) == ["1", "2", "3"])
        #expect(tracks.map(\.tags) == [["pops"], ["jazz"], ["folk"]])
        #expect(try await store.sources().first?.rowCount == 2)
    }

    @Test func duplicateIDsAreAnErrorNamingBothLinesByDefault() async throws {
        let caught = await #expect(throws: CatalogError.self) {
            try await importCSV("dup.csv", "id,path,tags\n1,a.wav,rock\n2,b.wav,x\n1,c.wav,jazz\n")
        }
        #expect(caught?.code == .duplicateID)
        #expect(caught?.line == 4)
        #expect(caught?.message == "track id '1' is already used at line 2")
        #expect(try await store.trackCount() == 0)
    }

    @Test func duplicateIDsCanBeSkippedOrReplaced() async throws {
        let text = "id,path,tags\n1,a.wav,rock\n1,c.wav,jazz\n"
        let skipped = try await importCSV("skip.csv", text, onDuplicate: .skip)
        #expect(skipped.skippedDuplicates == 1)
        let replaced = try await importCSV("replace.csv", text + "\n", onDuplicate: .replace)
        #expect(replaced.replacedDuplicates == 1)
        let tracks = try await store.tracks(limit: 10)
        #expect(tracks.map(\.tags) == [["rock"], ["jazz"]])
        #expect(tracks.map(\.audioPath) == [folder.file("a.wav"), folder.file("c.wav")])
    }

    @Test func tagRowsSpanningSeveralMultiRowInsertsAreAllWrittenAndAReplacedTrackKeepsOnlyItsNewTags() async throws {
        var text = "id,path,tags\n"
        for track in 1...11 {
            text += "\(track),a.wav,\((1...5).map { "t\(track * 10 + $0)" }.joined(separator: ";"))\n"
        }
        // Track 11's tags are still waiting for a multi-row insert when its duplicate replaces them.
        text += "11,b.wav,new1;new2\n"
        let summary = try await importCSV("many.csv", text, onDuplicate: .replace)
        #expect(summary.replacedDuplicates == 1)
        #expect(summary.tags == 57)
        let stored = try rows(
            "SELECT track.catalogue_id, tag.name, position FROM track_tag "
                + "JOIN track ON track.id = track_id JOIN tag ON tag.id = tag_id ORDER BY track.id, position")
        #expect(stored.count == 52)
        let expected =
            (1...10).flatMap { track in (1...5).map { ("\(track)", "t\(track * 10 + $0)", $0 - 1) } }
            + [("11", "new1", 0), ("11", "new2", 1)]
        #expect(
            stored.map { "\($0[0] as String) \($0[1] as String) \($0[2] as Int)" }
                == expected.map { "\($0.0) \($0.1) \($0.2)" })
    }

    @Test func tagsFindTheirIDByNameNumberByNameOrPastTheNumberLimitAlike() async throws {
        // The reader's numbers for "rock" and "jazz"; "piano" comes without one, and "ambient" with a
        // number past the array the writer keeps: every path must give one row per name.
        let rock = Tag(original: "Rock", name: "rock", nameNumber: 0, isNormalized: false)
        let jazz = Tag(original: "jazz", name: "jazz", nameNumber: 1, isNormalized: true)
        let piano = Tag(original: "piano", name: "piano")
        let ambient = Tag(original: "ambient", name: "ambient", nameNumber: 5_000_000, isNormalized: true)
        let records = [
            TrackRecord(catalogueID: "a", tags: [rock, piano], line: 2),
            TrackRecord(catalogueID: "b", tags: [jazz, ambient, rock], line: 3),
            TrackRecord(catalogueID: "c", tags: [piano, ambient, jazz], line: 4),
        ]
        let summary = try await store.importCatalog(
            CatalogueSource(path: folder.file("given.csv"), contentHash: "given", audioRoot: folder.path)
        ) { GivenRecords(records: records) }

        #expect(summary.inserted == 3 && summary.tags == 8)
        #expect(
            try rows("SELECT name FROM tag ORDER BY id").map { $0[0] as String } == [
                "rock", "piano", "jazz", "ambient",
            ])
        let tracks = try await store.tracks(limit: 10)
        #expect(
            tracks.map(\.tags) == [["rock", "piano"], ["jazz", "ambient", "rock"], ["piano", "ambient", "jazz"]])
        let originals = try rows("SELECT original FROM track_tag ORDER BY track_id, position").map { $0[0] as String? }
        #expect(originals == ["Rock", nil, nil, nil, "Rock", nil, nil, nil])
    }

    @Test func attributesAndTextFieldsKeepEveryCharacterThroughTheirJSONAndBinding() async throws {
        let awkward = "say \"hi\"\\ \t tab\u{01}\u{1F} 曲 é\n2"
        let records = [
            TrackRecord(
                catalogueID: "q", title: awkward, description: "", artist: nil,
                attributes: [Attribute(name: "a\"b", value: awkward), Attribute(name: "empty", value: "")], line: 2),
            TrackRecord(catalogueID: "r", title: "plain", line: 3),
        ]
        _ = try await store.importCatalog(
            CatalogueSource(path: folder.file("given.csv"), contentHash: "given", audioRoot: folder.path)
        ) { GivenRecords(records: records) }

        let row = try #require(try rows("SELECT title, description, artist, attributes FROM track ORDER BY id").first)
        #expect(row[0] as String? == awkward)
        #expect(row[1] as String? == "")
        #expect(row[2] as String? == nil)
        let json = try #require((row[3] as String?)?.data(using: .utf8))
        let decoded = try JSONSerialization.jsonObject(with: json) as? [String: String]
        #expect(decoded == ["a\"b": awkward, "empty": ""])
        let tracks = try await store.tracks(limit: 10)
        #expect(tracks.map(\.attributes) == [["a\"b": awkward, "empty": ""], [:]])
        #expect(tracks.map(\.catalogueID) == ["q", "r"])
    }

    @Test func foreignKeysAreEnforcedAgainAfterAnImport() async throws {
        _ = try await importCSV("tags.csv", "id,path,tags\n1,a.wav,rock\n")
        let enabled = try await store.writer.read { db in try Int.fetchOne(db, sql: "PRAGMA foreign_keys") }
        #expect(enabled == 1)
        await #expect(throws: DatabaseError.self) {
            try await store.writer.write { db in
                try db.execute(sql: "INSERT INTO track_tag (track_id, tag_id, position) VALUES (999, 999, 0)")
            }
        }
    }
}

/// A catalogue reader that yields the records it is given.
private struct GivenRecords: CatalogReader {
    var records: [TrackRecord]
    var format: CatalogFormat { .csv }
    var encoding: TextEncoding? { .utf8 }

    mutating func next() throws(CatalogError) -> TrackRecord? {
        records.isEmpty ? nil : records.removeFirst()
    }
}
