/// How tracks' polarity scores are cut into `positive` and `negative` labels; the rest stay unlabeled.
public enum EmotionSelection: Sendable, Hashable, Codable {
    /// The `n` highest-scoring tracks positive and the `n` lowest negative (the seed workflow's
    /// `--top 1500`). Ties are broken by track order, so the cut is deterministic.
    case top(Int)
    /// The top `q` share of scored tracks positive and the bottom `q` share negative (0 < q < 0.5).
    case quantile(Double)
    /// Scores at or below `low` negative, at or above `high` positive (low < high).
    case threshold(low: Double, high: Double)

    /// The selection as its command-line options: `--top 1500`, `--quantile 0.1`, `--threshold -0.3,0.3`.
    public var summary: String {
        switch self {
        case .top(let count): "--top \(count)"
        case .quantile(let share): "--quantile \(share)"
        case .threshold(let low, let high): "--threshold \(low),\(high)"
        }
    }
}

/// The classes of an emotion label set, in the order the set lists them.
public enum EmotionClass: String, Sendable, Codable, CaseIterable {
    case positive, negative

    /// Whether a polarity `score` speaks for this class (its sign).
    public func isSupported(by score: Double) -> Bool {
        self == .positive ? score > 0 : score < 0
    }
}
