import Catalog
import Foundation
import GRDB
import Store
import TagmineTestSupport
import Testing
import TextMining
import Workflows

@Suite struct KeywordLabelingTests {
    let store: Store

    init() async throws {
        store = try await ImportedCatalogue(
            csv: """
                id,path,tags
                a,a.wav,"ロック, エレキギター"
                b,b.wav,"pops, piano, rock"
                c,c.wav,"クラシック、ピアノ、ギターなし"
                d,d.wav,"ambient"
                """
        ).store
    }

    private func map(_ name: String) throws -> KeywordMap {
        try KeywordMap.load(path: "\(try BuiltinLexicons.directory())/\(name).toml")
    }

    @Test func singlePolicyLabelsUnambiguousTracksAndCountsTheRest() async throws {
        let result = try await LabelingWorkflow(store: store).keywords(
            map: map("genre-seed"), name: "genre-v1", author: "tester")
        #expect(result.counts.map(\.tracks) == [1, 0, 0, 0, 1])
        #expect(result.labeled == 2)
        #expect(result.ambiguous == 1)
        let set = try #require(result.labelSet)
        #expect(set.task == "genre")
        #expect(set.counts == ["rock": 1, "classical": 1])
        let rock = try #require(result.rules.first { $0.rule.text == "rock" })
        #expect(rock.tracks == 1 && rock.conflicts == 1)
        #expect(result.rules.first { $0.rule.text == "ロック" }?.tracks == 1)
    }

    @Test func multiPolicyWritesOneRowPerClassWithEvidence() async throws {
        let result = try await LabelingWorkflow(store: store).keywords(map: map("instrument-seed"), author: "tester")
        let set = try #require(result.labelSet)
        #expect(set.counts == ["piano": 2, "electric guitar": 1])
        let rows = try DatabaseQueue(path: store.path).read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT track.catalogue_id, label.class FROM label JOIN track ON track.id = track_id
                    WHERE label_set_id = ? ORDER BY track.catalogue_id, label.class
                    """, arguments: [set.id])
        }
        #expect(rows.map { "\($0[0] as String):\($0[1] as String)" } == ["a:electric guitar", "b:piano", "c:piano"])
        let c = try await store.labels(of: "c", in: set)
        let exclusion = try #require(c.tagEvidence.first { $0.tag == "ギターなし" })
        guard case .keywords(let hits) = exclusion.evidence else {
            Issue.record("keyword evidence expected, got \(exclusion.evidence)")
            return
        }
        #expect(hits.contains { $0.excludes })
    }

    @Test func dryRunWritesNothing() async throws {
        let result = try await LabelingWorkflow(store: store).keywords(
            map: map("genre-seed"), author: "tester", dryRun: true)
        #expect(result.labelSet == nil)
        #expect(try await store.labelSets().isEmpty)
        #expect(
            result.configHash
                == (try await LabelingWorkflow(store: store).keywords(map: map("genre-seed"), author: "x", dryRun: true))
                .configHash)
    }
}
