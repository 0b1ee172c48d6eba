import Foundation
import Testing

@testable import TextMining

@Suite struct EmotionSelectionTests {
    private let scores: [(id: Int64, score: Double)] = [
        (1, 0.9), (2, -0.5), (3, 0.2), (4, 0.9), (5, -0.5), (6, 0.0), (7, -0.8), (8, 0.4),
    ]

    @Test func topTakesTheHighestAndLowestBreakingTiesByTrackOrder() throws {
        let cut = try EmotionSelection.top(2).cut(scores)
        #expect(cut.positive == [1, 4])
        #expect(cut.negative == [7, 2])
        #expect(cut.low == -0.5 && cut.high == 0.9)
        let three = try EmotionSelection.top(3).cut(scores)
        #expect(three.positive == [1, 4, 8])
        #expect(three.negative == [7, 2, 5])
    }

    @Test func topOfManyTiedScoresMatchesAFullSort() throws {
        var random = SystemRandomNumberGenerator()
        let many = (1...5_000).map { (id: Int64($0), score: Double(Int.random(in: -20...20, using: &random)) / 20) }
            .shuffled()
        let cut = try EmotionSelection.top(300).cut(many)
        let ascending = many.sorted { $0.score < $1.score || ($0.score == $1.score && $0.id < $1.id) }
        let descending = many.sorted { $0.score > $1.score || ($0.score == $1.score && $0.id < $1.id) }
        #expect(cut.negative == ascending.prefix(300).map(\.id))
        #expect(cut.positive == descending.prefix(300).map(\.id))
        #expect(cut.low == ascending[299].score && cut.high == descending[299].score)
        #expect(EmotionSelection.first(3, of: [5, 1, 4, 2, 3]) == [1, 2, 3])
        #expect(EmotionSelection.first(0, of: [5, 1]).isEmpty)
    }

    @Test func topRefusesMoreThanHalfTheScoredTracks() {
        let caught = #expect(throws: TextMiningError.self) { try EmotionSelection.top(5).cut(scores) }
        #expect(caught?.message == "--top 5 needs at least 10 scored tracks; 8 are scored")
    }

    @Test func thresholdIncludesTheBoundsAndQuantileCutsShares() throws {
        let cut = try EmotionSelection.threshold(low: -0.5, high: 0.4).cut(scores)
        #expect(Set(cut.positive) == [1, 4, 8])
        #expect(Set(cut.negative) == [2, 5, 7])
        #expect(throws: TextMiningError.self) { try EmotionSelection.threshold(low: 0.2, high: 0.2).cut(scores) }
        let quantile = try EmotionSelection.quantile(0.25).cut(scores)
        #expect(Set(quantile.positive) == [1, 4])
        #expect(Set(quantile.negative) == [2, 5, 7])
        #expect(throws: TextMiningError.self) { try EmotionSelection.quantile(0.5).cut(scores) }
    }

    @Test func quantilesMatchNumPysLinearMethod() throws {
        struct Fixture: Decodable {
            struct Case: Decodable {
                var values: [Double]
                var q: [Double]
                var quantiles: [Double]
            }
            var cases: [Case]
        }
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "Fixtures/quantiles.json")
        let fixture = try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
        #expect(fixture.cases.count == 6)
        for testCase in fixture.cases {
            let sorted = testCase.values.sorted()
            for (q, expected) in zip(testCase.q, testCase.quantiles) {
                #expect(abs(EmotionSelection.quantile(sorted, q) - expected) < 1e-12, "n=\(sorted.count) q=\(q)")
            }
        }
    }
}
