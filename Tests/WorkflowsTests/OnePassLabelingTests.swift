import Catalog
import Store
import TagmineTestSupport
import Testing
import TextMining
import Workflows

/// `label all`: several tasks from one reading of the catalogue give the sets each task alone
/// gives, written together or not at all.
@Suite struct OnePassLabelingTests {
    let catalogue: ImportedCatalogue
    var store: Store { catalogue.store }

    init() async throws {
        catalogue = try await ImportedCatalogue(syntheticRows: 300, seed: 5)
    }

    private func tasks(genreName: String? = nil) throws -> [LabelingTask] {
        [
            .emotion(
                EmotionRequest(
                    lexicon: try BuiltinLexicons.polarity(), options: PolarityOptions(), selection: .quantile(0.2),
                    author: "tester")),
            .keywords(try KeywordMap.named("genre"), name: genreName, author: "tester"),
            .keywords(try KeywordMap.named("instrument-seed"), name: nil, author: "tester"),
        ]
    }

    private func labels(of set: LabelSet) async throws -> [String] {
        try await store.labelRecords(ofSet: set.id).map { "\($0.trackID) \($0.className) \($0.origin)" }.sorted()
    }

    @Test func writesTheSetsEachTaskAloneWritesInTheOrderGiven() async throws {
        let workflow = LabelingWorkflow(store: store)
        let together = try await workflow.label(try tasks()).map(\.labelSet)
        var alone: [LabelSet] = []
        for task in try tasks() { alone.append(try #require(try await workflow.label([task])[0].labelSet)) }

        #expect(together.map { $0?.id } == [1, 2, 3])
        #expect(together.map { $0?.task } == ["emotion", "genre", "instrument"])
        for (first, second) in zip(together, alone) {
            let first = try #require(first)
            #expect(first.configHash == second.configHash, "\(first.task)")
            #expect(first.counts == second.counts, "\(first.task)")
            #expect(try await labels(of: first) == labels(of: second), "\(first.task)")
            #expect(try await store.scores(of: first) == store.scores(of: second), "\(first.task)")
        }
        #expect(try await store.scores(of: #require(together[0])).count > 200)
        #expect(together.allSatisfy { ($0?.labeledTracks ?? 0) > 20 })
    }

    @Test func aSetThatCannotBeWrittenLeavesNoneWritten() async throws {
        let workflow = LabelingWorkflow(store: store)
        _ = try await workflow.keywords(map: KeywordMap.named("genre-seed"), name: "taken", author: "tester")

        await #expect(throws: StoreError.self) { try await workflow.label(try tasks(genreName: "taken")) }
        #expect(try await store.labelSets().map(\.name) == ["taken"])
    }

    @Test func aDryRunGivesEveryOutcomeAndWritesNothing() async throws {
        let outcomes = try await LabelingWorkflow(store: store).label(try tasks(), dryRun: true)
        guard case .emotion(let emotion) = outcomes[0], case .keywords(let genre) = outcomes[1],
            case .keywords(let instrument) = outcomes[2]
        else {
            Issue.record("outcomes out of order: \(outcomes)")
            return
        }
        #expect(emotion.tracks == 300 && emotion.positive > 20 && emotion.negative > 20)
        #expect(genre.labeled > 20 && instrument.labeled > 20)
        #expect(outcomes.allSatisfy { $0.labelSet == nil })
        #expect(try await store.labelSets().isEmpty)
    }
}
