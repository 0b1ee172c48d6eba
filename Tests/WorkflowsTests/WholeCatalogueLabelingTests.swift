import Catalog
import Store
import TagmineTestSupport
import Testing
import TextMining
import Workflows

/// The store labels a catalogue by working out each distinct tag once; these tests check that it
/// gives what labeling every track on its own gives.
@Suite struct WholeCatalogueLabelingTests {
    let catalogue: ImportedCatalogue
    var store: Store { catalogue.store }
    let tracks: [TrackSummary]

    init() async throws {
        catalogue = try await ImportedCatalogue(syntheticRows: 400, seed: 11)
        tracks = try await catalogue.store.tracks(limit: 1_000)
    }

    @Test func emotionScoresMatchScoringEachTrackAlone() async throws {
        let lexicon = try BuiltinLexicons.polarity()
        let request = EmotionRequest(
            lexicon: lexicon, options: PolarityOptions(), selection: .quantile(0.25), author: "tester")
        let result = try await LabelingWorkflow(store: store).emotion(request, dryRun: true)
        let scorer = PolarityScorer(lexicon: lexicon)
        let expected = try tracks.compactMap { try scorer.score(tags: $0.tags, description: nil).mean }
        #expect(tracks.count == 400)
        #expect(result.unscored == 400 - expected.count)
        #expect(result.scores.count == expected.count)
        #expect(zip(result.scores, expected).allSatisfy { abs($0 - $1) < 1e-12 })
    }

    @Test func keywordLabelsAndRuleStatisticsMatchDecidingEachTrackAlone() async throws {
        let map = try KeywordMap.named("genre")
        let result = try await LabelingWorkflow(store: store).keywords(map: map, author: "tester", dryRun: true)
        let labeler = KeywordLabeler(map: map)
        let decisions = try tracks.map { try labeler.decide(tags: $0.tags) }
        #expect(result.labeled == decisions.filter { !$0.classes.isEmpty }.count)
        #expect(result.ambiguous == decisions.filter(\.ambiguous).count)
        for (className, count) in result.counts {
            #expect(count == decisions.filter { $0.classes.contains(className) }.count, "\(className)")
        }
        for statistics in result.rules {
            let firing = decisions.filter { $0.hits.contains { $0.keyword == statistics.rule.text } }
            #expect(statistics.tracks == firing.count, "\(statistics.rule.text)")
            let conflicting = firing.filter { Set($0.hits.filter { !$0.excludes }.map(\.className)).count > 1 }
            #expect(statistics.conflicts == conflicting.count, "\(statistics.rule.text)")
        }
        #expect(result.labeled > 50)
    }
}
