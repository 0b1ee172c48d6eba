import Catalog
import Foundation
import GRDB
import TagmineTestSupport
import Testing
import Workflows

@testable import Store

@Suite struct StoreSafetyTests {
    @Test func hostileIdsTagsAndClassNamesAreStoredAndReadBackUnchanged() async throws {
        let hostile = ["'; DROP TABLE track; --", "\"><script>alert(1)</script>", "Robert'); DELETE FROM tag;--"]
        // Tags are split on `;`, so the hostile text goes in the id, the title and a delimiter-free tag.
        let csv =
            "id,path,title,tags\n"
            + hostile.enumerated().map { index, text in
                CSVWriting.quoted(text) + ",a\(index).wav," + CSVWriting.quoted(text)
                    + ",<img src=x onerror=alert(\(index))>"
            }.joined(separator: "\n") + "\n"
        let catalogue = try await ImportedCatalogue(csv: csv)

        let tracks = try await catalogue.store.tracks(limit: 10)
        let set = try await catalogue.store.labelSet(
            try await RelabelWorkflow(store: catalogue.store).relabel(
                RelabelRequest(
                    parent: try await catalogue.store.write(
                        NewLabelSet(
                            task: "genre", classes: hostile, name: hostile[0], operation: "{}", configHash: "x",
                            author: "t",
                            labels: tracks.enumerated().map {
                                NewLabelSet.Label(trackID: $0.element.id, className: hostile[$0.offset])
                            })),
                    operations: [.rename(hostile[1], to: hostile[2] + "!")], author: hostile[1])
            ).id)

        #expect(tracks.map(\.catalogueID) == hostile)
        #expect(tracks.map(\.title) == hostile)
        #expect(tracks.map(\.tags) == (0..<3).map { ["<img src=x onerror=alert(\($0))>"] })
        #expect(set.classes.contains(hostile[2] + "!") && set.createdBy == hostile[1])
        #expect(try await catalogue.store.trackCount() == 3)
        #expect(try await catalogue.store.labelSet(named: hostile[0]).classes == hostile)
        #expect(try await catalogue.store.tracks(matching: "%", limit: 10).isEmpty)
    }

    @Test func refusesAStoreANewerTagmineMigratedNamingBothVersions() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("future.db")
        _ = try Store.create(at: path)
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')")
        }

        let error = #expect(throws: StoreError.self) { _ = try Store.open(at: path) }

        #expect(error?.message.contains("schema version v99-from-the-future") == true)
        #expect(error?.message.contains("newer than this Tagmine's \(try Store.schemaVersion)") == true)
    }

    @Test func migratesAStoreAnEarlierTagmineMadeAndKeepsItsData() async throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("old.db")
        // A store as the label-versions release left it (schema up to v4), with one track in it.
        let queue = try DatabaseQueue(path: path)
        try Store.migrator.migrate(queue, upTo: "v4-relabel-and-splits")
        try await queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO source (path, content_hash, format, imported_at) VALUES ('tags.csv', 'x', 'csv', '2026-01-01');
                    INSERT INTO track (source_id, catalogue_id, source_revision) VALUES (1, 'T1', 1);
                    """)
        }
        try queue.close()

        let store = try Store.open(at: path)

        #expect(try await store.appliedMigrations().last == (try Store.schemaVersion))
        #expect(try await store.trackCount() == 1)
        let extractors = try await store.extractors(), runs = try await store.runs()
        #expect(extractors.isEmpty && runs.isEmpty)
    }
}
