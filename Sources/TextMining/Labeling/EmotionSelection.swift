import HeapModule

extension EmotionSelection {
    /// The labels for `scores` (by track), and the cut points used.
    public func cut(_ scores: [(id: Int64, score: Double)]) throws(TextMiningError) -> EmotionCut {
        switch self {
        case .top(let count):
            guard count > 0 else { throw invalid("--top must be at least 1") }
            guard 2 * count <= scores.count else {
                throw invalid("--top \(count) needs at least \(2 * count) scored tracks; \(scores.count) are scored")
            }
            let positive = Self.first(count, of: scores.map(Ranked<Descending>.init))
            let negative = Self.first(count, of: scores.map(Ranked<Ascending>.init))
            return EmotionCut(
                positive: positive.map(\.id), negative: negative.map(\.id),
                low: negative.last?.score ?? 0, high: positive.last?.score ?? 0)
        case .quantile(let share):
            guard share > 0 && share < 0.5 else { throw invalid("--quantile must be between 0 and 0.5") }
            guard !scores.isEmpty else { throw invalid("no track has a score") }
            let sorted = Self.ascending(scores)
            let values = sorted.map(\.score)
            return Self.threshold(sorted, low: Self.quantile(values, share), high: Self.quantile(values, 1 - share))
        case .threshold(let low, let high):
            guard low < high else { throw invalid("--threshold LOW,HIGH needs LOW < HIGH") }
            return Self.threshold(Self.ascending(scores), low: low, high: high)
        }
    }

    private static func ascending(_ scores: [(id: Int64, score: Double)]) -> [(id: Int64, score: Double)] {
        scores.map(Ranked<Ascending>.init).sorted().map { ($0.id, $0.score) }
    }

    private static func threshold(_ ascending: [(id: Int64, score: Double)], low: Double, high: Double) -> EmotionCut {
        EmotionCut(
            positive: ascending.reversed().filter { $0.score >= high }.map(\.id),
            negative: ascending.filter { $0.score <= low }.map(\.id), low: low, high: high)
    }

    /// The `count` smallest of `elements`, in order: a heap of `count` instead of sorting them all
    /// (two full sorts were a tenth of labeling a million tracks).
    static func first<Element: Comparable>(_ count: Int, of elements: [Element]) -> [Element] {
        guard count > 0 else { return [] }
        var kept = Heap<Element>()
        for element in elements {
            if kept.count < count {
                kept.insert(element)
            } else if let largest = kept.max, element < largest {
                _ = kept.replaceMax(with: element)
            }
        }
        return kept.unordered.sorted()
    }

    /// The `q` quantile of sorted values with linear interpolation (NumPy's default method).
    static func quantile(_ sorted: [Double], _ q: Double) -> Double {
        let position = q * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down)), upper = Int(position.rounded(.up))
        return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - Double(lower))
    }

    private func invalid(_ message: String) -> TextMiningError {
        TextMiningError(.invalidSelection, message)
    }
}

/// The result of an ``EmotionSelection``: which tracks are positive and negative, and where the cut fell.
public struct EmotionCut: Hashable {
    /// Positive tracks, highest score first.
    public var positive: [Int64]
    /// Negative tracks, lowest score first.
    public var negative: [Int64]
    /// The score at or below which tracks are negative.
    public var low: Double
    /// The score at or above which tracks are positive.
    public var high: Double
}

/// A score ranked by `Order`, ties broken by track id: the order the cut lists tracks in.
private struct Ranked<Order: ScoreOrder>: Comparable {
    var id: Int64
    var score: Double

    init(_ scored: (id: Int64, score: Double)) {
        id = scored.id
        score = scored.score
    }

    static func < (lhs: Self, rhs: Self) -> Bool {
        lhs.score == rhs.score ? lhs.id < rhs.id : Order.before(lhs.score, rhs.score)
    }
}

/// Which way scores rank.
private protocol ScoreOrder {
    static func before(_ lhs: Double, _ rhs: Double) -> Bool
}

/// Lowest score first.
private enum Ascending: ScoreOrder {
    static func before(_ lhs: Double, _ rhs: Double) -> Bool { lhs < rhs }
}

/// Highest score first.
private enum Descending: ScoreOrder {
    static func before(_ lhs: Double, _ rhs: Double) -> Bool { lhs > rhs }
}
