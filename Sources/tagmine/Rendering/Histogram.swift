import Foundation

/// A terminal histogram of scores on [-1, 1] in tenths, with markers on the bins holding cut points.
struct Histogram {
    var values: [Double]
    var markers: [(value: Double, label: String)] = []
    var bins = 20
    var width = 40

    func render() -> String {
        var counts = [Int](repeating: 0, count: bins)
        for value in values { counts[bin(of: value)] += 1 }
        let largest = max(counts.max() ?? 0, 1)
        return counts.indices.map { index in
            let lower = -1 + 2 * Double(index) / Double(bins), upper = lower + 2 / Double(bins)
            let length = Int((Double(counts[index]) / Double(largest) * Double(width)).rounded())
            let bar = String(repeating: "█", count: length) + String(repeating: " ", count: width - length)
            let notes = markers.filter { bin(of: $0.value) == index }.map { "  ◀ \($0.label)" }.joined()
            return String(format: "%+.1f … %+.1f │", lower, upper) + bar + String(format: "%7d", counts[index]) + notes
        }.joined(separator: "\n")
    }

    private func bin(of value: Double) -> Int {
        min(bins - 1, max(0, Int(((value + 1) / 2 * Double(bins)).rounded(.down))))
    }
}
