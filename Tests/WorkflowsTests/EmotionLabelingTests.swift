import Catalog
import Foundation
import GRDB
import Store
import TagmineTestSupport
import Testing
import TextMining
import Workflows

@Suite struct EmotionLabelingTests {
    let store: Store

    init() async throws {
        store = try await ImportedCatalogue(
            csv: """
                id,path,tags,description
                a,a.wav,"明るい, ピアノ",
                b,b.wav,"悲しい, strings",
                c,c.wav,"not dark",
                d,d.wav,"不気味、ダーク",
                e,e.wav,"120bpm",calm
                f,f.wav,"uplifting, happy",
                """
        ).store
    }

    private func request(_ selection: EmotionSelection, name: String? = nil) throws -> EmotionRequest {
        EmotionRequest(
            lexicon: try BuiltinLexicons.polarity(), options: PolarityOptions(), selection: selection, name: name,
            author: "tester")
    }

    @Test func writesPositiveAndNegativeLabelsWithScoresAndEvidence() async throws {
        let result = try await LabelingWorkflow(store: store).emotion(request(.top(2), name: "emotion-v1"))
        #expect(result.tracks == 6)
        #expect(result.unscored == 1)
        let set = try #require(result.labelSet)
        #expect(set.name == "emotion-v1")
        #expect(set.classes == ["positive", "negative"])
        #expect(set.counts == ["positive": 2, "negative": 2])
        #expect(set.createdBy == "tester")

        let rows = try DatabaseQueue(path: store.path).read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT track.catalogue_id, label.class FROM label
                    JOIN track ON track.id = label.track_id ORDER BY track.catalogue_id
                    """)
        }
        #expect(rows.map { $0[0] as String } == ["a", "b", "d", "f"])
        #expect(rows.map { $0[1] as String } == ["positive", "negative", "negative", "positive"])
        let a = try await store.labels(of: "a", in: set)
        #expect(a.labels.map(\.className) == ["positive"])
        #expect(a.tagEvidence.map(\.tag) == ["明るい"])
        guard case .lexicon(let matches) = try #require(a.tagEvidence.first).evidence else {
            Issue.record("lexicon evidence expected")
            return
        }
        #expect(matches.map(\.term) == ["明るい"])
        let d = try await store.labels(of: "d", in: set)
        #expect(d.tagEvidence.map(\.tag) == ["不気味", "ダーク"])
        let dScore = try #require(d.score)
        #expect(dScore < 0)
        let stored = try await DatabaseQueue(path: store.path).read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM label_score WHERE label_set_id = ?", arguments: [set.id])
        }
        #expect(stored == 5)
    }

    @Test func labelSetsCannotBeChangedOnceWritten() async throws {
        let set = try #require(try await LabelingWorkflow(store: store).emotion(request(.top(1))).labelSet)
        let queue = try DatabaseQueue(path: store.path)
        #expect(throws: DatabaseError.self) {
            try queue.write { db in try db.execute(sql: "UPDATE label SET class = 'negative'") }
        }
        #expect(throws: DatabaseError.self) {
            try queue.write { db in try db.execute(sql: "DELETE FROM label_set WHERE id = ?", arguments: [set.id]) }
        }
    }

    @Test func sameInputGivesTheSameLabelsAndConfigHash() async throws {
        let first = try #require(try await LabelingWorkflow(store: store).emotion(request(.quantile(0.3))).labelSet)
        let second = try #require(try await LabelingWorkflow(store: store).emotion(request(.quantile(0.3))).labelSet)
        #expect(first.configHash == second.configHash)
        #expect(first.counts == second.counts)
        let other = try await LabelingWorkflow(store: store).emotion(request(.quantile(0.2)), dryRun: true)
        #expect(other.configHash != first.configHash)
        let labels = try await DatabaseQueue(path: store.path).read { db in
            try [first.id, second.id].map { id in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT track_id, score, COALESCE(class, '') FROM label_score
                        LEFT JOIN label USING (label_set_id, track_id) WHERE label_set_id = ? ORDER BY track_id
                        """, arguments: [id]
                ).map { "\($0[0] as Int64) \($0[1] as Double) \($0[2] as String)" }
            }
        }
        #expect(labels[0] == labels[1])
    }

    @Test func dryRunWritesNothingAndUnscoredAsZeroScoresEveryTrack() async throws {
        let dry = try await LabelingWorkflow(store: store).emotion(request(.top(1)), dryRun: true)
        #expect(dry.labelSet == nil)
        #expect(try await store.labelSets().isEmpty)
        var zero = try request(.top(1))
        zero.unscoredAsZero = true
        #expect(try await LabelingWorkflow(store: store).emotion(zero, dryRun: true).scores.count == 6)
    }
}
