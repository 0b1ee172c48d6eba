extension EmotionSelection {
    /// The labels for `scores` (by track), and the cut points used.
    public func cut(_ scores: [(id: Int64, score: Double)]) throws(TextMiningError) -> EmotionCut {
        let ascending: (Score, Score) -> Bool = { $0.score < $1.score || ($0.score == $1.score && $0.id < $1.id) }
        switch self {
        case .top(let count):
            guard count > 0 else { throw invalid("--top must be at least 1") }
            guard 2 * count <= scores.count else {
                throw invalid("--top \(count) needs at least \(2 * count) scored tracks; \(scores.count) are scored")
            }
            let positive = Self.first(count, of: scores) {
                $0.score > $1.score || ($0.score == $1.score && $0.id < $1.id)
            }
            let negative = Self.first(count, of: scores, by: ascending)
            return EmotionCut(
                positive: positive.map(\.id), negative: negative.map(\.id),
                low: negative.last?.score ?? 0, high: positive.last?.score ?? 0)
        case .quantile(let share):
            guard share > 0 && share < 0.5 else { throw invalid("--quantile must be between 0 and 0.5") }
            guard !scores.isEmpty else { throw invalid("no track has a score") }
            let sorted = scores.sorted(by: ascending)
            let values = sorted.map(\.score)
            return Self.threshold(sorted, low: Self.quantile(values, share), high: Self.quantile(values, 1 - share))
        case .threshold(let low, let high):
            guard low < high else { throw invalid("--threshold LOW,HIGH needs LOW < HIGH") }
            return Self.threshold(scores.sorted(by: ascending), low: low, high: high)
        }
    }

    private typealias Score = (id: Int64, score: Double)

    private static func threshold(_ ascending: [(id: Int64, score: Double)], low: Double, high: Double) -> EmotionCut {
        EmotionCut(
            positive: ascending.reversed().filter { $0.score >= high }.map(\.id),
            negative: ascending.filter { $0.score <= low }.map(\.id), low: low, high: high)
    }

    /// The first `count` of `elements` in the strict total order `before`, in that order: a heap of
    /// `count` instead of sorting them all (two full sorts were a tenth of labeling a million tracks).
    static func first<Element>(_ count: Int, of elements: [Element], by before: (Element, Element) -> Bool)
        -> [Element]
    {
        // A heap whose root is the last of the elements kept so far.
        var heap: [Element] = []
        heap.reserveCapacity(count)
        func siftDown(_ start: Int) {
            var parent = start
            while true {
                let left = 2 * parent + 1, right = left + 1
                var largest = parent
                if left < heap.count && before(heap[largest], heap[left]) { largest = left }
                if right < heap.count && before(heap[largest], heap[right]) { largest = right }
                if largest == parent { return }
                heap.swapAt(parent, largest)
                parent = largest
            }
        }
        for element in elements where count > 0 {
            if heap.count < count {
                heap.append(element)
                var child = heap.count - 1
                while child > 0 && before(heap[(child - 1) / 2], heap[child]) {
                    heap.swapAt(child, (child - 1) / 2)
                    child = (child - 1) / 2
                }
            } else if before(element, heap[0]) {
                heap[0] = element
                siftDown(0)
            }
        }
        return heap.sorted(by: before)
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
