import GRDB
import TagmineTestSupport
import Testing

@testable import Store

/// Label sets are written without per-row foreign-key checks; the references are checked once per
/// table instead, so a set naming something the store lacks is still refused whole.
@Suite struct LabelSetWriteTests {
    let store: Store
    let trackIDs: [Int64]
    let tagIDs: [Int64]

    init() async throws {
        store = try await ImportedCatalogue(csv: "id,path,tags\na,a.wav,rock\nb,b.wav,\"jazz, piano\"\nc,c.wav,rock\n")
            .store
        trackIDs = try await store.writer.read { db in try Int64.fetchAll(db, sql: "SELECT id FROM track ORDER BY id") }
        tagIDs = try await store.writer.read { db in try Int64.fetchAll(db, sql: "SELECT id FROM tag ORDER BY id") }
    }

    private func set(
        tracks: [Int64], scores: [Int64] = [], tag: Int64? = nil, parent: Int64? = nil, name: String? = nil
    ) -> NewLabelSet {
        NewLabelSet(
            task: "genre", classes: ["rock"], name: name, parentID: parent, operation: "{}", configHash: "h",
            author: "tester", labels: tracks.map { NewLabelSet.Label(trackID: $0, className: "rock") },
            scores: scores.map { NewLabelSet.Score(trackID: $0, score: 0.5, evidence: nil) },
            tagEvidence: tag.map { [NewLabelSet.TagEvidence(tagID: $0, evidence: .keywords([]))] } ?? [])
    }

    private func foreignKeysOn() async throws -> Bool {
        try await store.writer.read { db in try Int.fetchOne(db, sql: "PRAGMA foreign_keys") } == 1
    }

    @Test func setsNamingKnownTracksTagsAndParentsAreWritten() async throws {
        let first = try await store.write(set(tracks: trackIDs, scores: trackIDs, tag: tagIDs.last))
        let second = try await store.write(set(tracks: [trackIDs[1]], parent: first.id))
        #expect(first.labeledTracks == 3 && second.labeledTracks == 1 && second.parentID == first.id)
        #expect(try await store.scores(of: first).count == 3)
        #expect(try await foreignKeysOn())
    }

    @Test func anUnknownTrackTagOrParentRefusesEverySetOfTheWrite() async throws {
        let missingTrack = trackIDs.max()! + 1
        let cases: [(NewLabelSet, String)] = [
            (set(tracks: trackIDs + [missingTrack]), "names track \(missingTrack), which the store does not have"),
            (set(tracks: trackIDs, scores: [0]), "names track 0, which the store does not have"),
            (set(tracks: trackIDs, tag: tagIDs.max()! + 5), "names tag \(tagIDs.max()! + 5)"),
            (set(tracks: trackIDs, parent: 42), "derives from label set 42, which the store does not have"),
        ]
        for (bad, message) in cases {
            let caught = await #expect(throws: StoreError.self) {
                try await store.write([set(tracks: trackIDs, name: "good"), bad])
            }
            #expect(caught?.message.contains(message) == true, "\(caught?.message ?? "no error")")
        }
        #expect(try await store.labelSets().isEmpty)
        #expect(try await foreignKeysOn())
    }
}
