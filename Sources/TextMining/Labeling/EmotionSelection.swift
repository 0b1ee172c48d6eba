extension EmotionSelection {
    /// The labels for `scores` (by track), and the cut points used.
    public func cut(_ scores: [(id: Int64, score: Double)]) throws(TextMiningError) -> EmotionCut {
        let ascending = scores.sorted { $0.score < $1.score || ($0.score == $1.score && $0.id < $1.id) }
        switch self {
        case .top(let count):
            guard count > 0 else { throw invalid("--top must be at least 1") }
            guard 2 * count <= ascending.count else {
                throw invalid("--top \(count) needs at least \(2 * count) scored tracks; \(ascending.count) are scored")
            }
            let descending = scores.sorted { $0.score > $1.score || ($0.score == $1.score && $0.id < $1.id) }
            let positive = descending.prefix(count), negative = ascending.prefix(count)
            return EmotionCut(
                positive: positive.map(\.id), negative: negative.map(\.id),
                low: negative.last?.score ?? 0, high: positive.last?.score ?? 0)
        case .quantile(let share):
            guard share > 0 && share < 0.5 else { throw invalid("--quantile must be between 0 and 0.5") }
            guard !ascending.isEmpty else { throw invalid("no track has a score") }
            let values = ascending.map(\.score)
            return Self.threshold(ascending, low: Self.quantile(values, share), high: Self.quantile(values, 1 - share))
        case .threshold(let low, let high):
            guard low < high else { throw invalid("--threshold LOW,HIGH needs LOW < HIGH") }
            return Self.threshold(ascending, low: low, high: high)
        }
    }

    private static func threshold(_ ascending: [(id: Int64, score: Double)], low: Double, high: Double) -> EmotionCut {
        EmotionCut(
            positive: ascending.reversed().filter { $0.score >= high }.map(\.id),
            negative: ascending.filter { $0.score <= low }.map(\.id), low: low, high: high)
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
