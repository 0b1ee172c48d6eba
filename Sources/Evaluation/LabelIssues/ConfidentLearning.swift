import Foundation

/// Out-of-fold class probabilities for tracks with one given label each: the input of the label
/// quality and label issue analyses.
public struct OutOfFoldProbabilities: Sendable {
    /// Each track's given class (index).
    public var given: [Int]
    /// `given.count × classes` probabilities, row after row.
    public var probabilities: [Double]
    /// Number of classes.
    public var classes: Int

    /// Creates the input; `probabilities` holds one row of `classes` values per track.
    public init(given: [Int], probabilities: [Double], classes: Int) {
        precondition(probabilities.count == given.count * classes, "one row of class probabilities per track")
        self.given = given
        self.probabilities = probabilities
        self.classes = classes
    }

    /// Track `track`'s probability of class `label`.
    public func probability(_ track: Int, _ label: Int) -> Double { probabilities[track * classes + label] }

    /// Track `track`'s most probable class (the first of equals).
    public func predicted(_ track: Int) -> Int {
        var best = 0
        for label in 1..<classes where probability(track, label) > probability(track, best) { best = label }
        return best
    }
}

/// Confident learning (Northcutt, Jiang & Chuang, 2021) as cleanlab 2.x's `find_label_issues` runs
/// it with its default settings: per-class thresholds at the mean self-confidence, the calibrated
/// confident joint, pruning by noise rate, then dropping tracks whose given label is (nearly) the
/// most probable one.
public enum ConfidentLearning {
    /// The confident joint `C[given][true]`, calibrated to the given labels' counts and rounded with
    /// row totals kept (cleanlab's `compute_confident_joint(calibrate=True)`).
    public static func confidentJoint(_ data: OutOfFoldProbabilities) -> [[Int]] {
        let k = data.classes, n = data.given.count
        var labelCounts = [Double](repeating: 0, count: k)
        var sums = [Double](repeating: 0, count: k)
        for (track, label) in data.given.enumerated() {
            labelCounts[label] += 1
            sums[label] += data.probability(track, label)
        }
        // Mean self-confidence per class; a class nobody is given gets an unreachable 2.
        let thresholds = (0..<k).map { labelCounts[$0] > 0 ? max(sums[$0] / labelCounts[$0], 2e-6) : 2 }
        var joint = [[Double]](repeating: [Double](repeating: 0, count: k), count: k)
        for track in 0..<n {
            var confident: [Int] = []
            for label in 0..<k where data.probability(track, label) >= thresholds[label] - 1e-6 {
                confident.append(label)
            }
            guard let first = confident.first else { continue }
            let guess = confident.count > 1 ? data.predicted(track) : first
            joint[data.given[track]][guess] += 1
        }
        for label in 0..<k { joint[label][label] = max(joint[label][label], 1) }
        // Calibrate: each row to its class's count, then the whole to n.
        for row in 0..<k {
            let total = max(joint[row].reduce(0, +), 1e-100)
            joint[row] = joint[row].map { $0 / total * labelCounts[row] }
        }
        let total = max(joint.reduce(0) { $0 + $1.reduce(0, +) }, 1e-100)
        return joint.map { row in roundPreservingSum(row.map { $0 / total * Double(n) }) }
    }

    /// The tracks confident learning flags as probably mislabeled.
    public static func labelIssues(_ data: OutOfFoldProbabilities) -> Set<Int> {
        let k = data.classes
        let prune = keepAtLeastOnePerClass(transpose(confidentJoint(data)))
        var byClass = [[Int]](repeating: [], count: k)
        for (track, label) in data.given.enumerated() { byClass[label].append(track) }
        var flagged = Set<Int>()
        for given in 0..<k where byClass[given].count > 1 {
            let members = byClass[given]
            var margins = [(margin: Double, track: Int)](repeating: (0, 0), count: members.count)
            for other in 0..<k where other != given && prune[other][given] > 0 {
                // The tracks whose other-class probability most exceeds their given-class one.
                for (index, track) in members.enumerated() {
                    margins[index] = (data.probability(track, other) - data.probability(track, given), track)
                }
                let count = min(prune[other][given], members.count)
                if count * 8 < members.count {
                    // A few from many: one pass keeping the best `count` beats sorting them all.
                    var best: [(margin: Double, track: Int)] = []
                    for entry in margins where best.count < count || entry.margin > best[best.count - 1].margin {
                        let position = best.firstIndex { entry.margin > $0.margin } ?? best.count
                        best.insert(entry, at: position)
                        if best.count > count { best.removeLast() }
                    }
                    flagged.formUnion(best.map(\.track))
                } else {
                    flagged.formUnion(margins.sorted { $0.margin > $1.margin }.prefix(count).map(\.track))
                }
            }
        }
        // A track whose given label is the most probable (with a 1e-6 nudge) is not an issue.
        return flagged.filter { track in
            let given = data.given[track]
            let nudged = data.probability(track, given) + 1e-6
            return (0..<k).contains { $0 != given && data.probability(track, $0) > nudged }
        }
    }

    /// cleanlab's `_keep_at_least_n_per_class` with n = 1 and `frac_noise` = 1 on the transposed joint.
    private static func keepAtLeastOnePerClass(_ matrix: [[Int]]) -> [[Int]] {
        let k = matrix.count
        var result = matrix.map { $0.map(Double.init) }
        for column in 0..<k {
            let diagonal = matrix[column][column]
            let difference = Double(max(diagonal, 1) - diagonal)
            let nonzero = (0..<k).filter { matrix[$0][column] != 0 }.count
            let rates = Double(max(nonzero - 1, 1))
            for row in 0..<k {
                result[row][column] = max(0, result[row][column] - difference / rates)
            }
            result[column][column] = Double(max(diagonal, 1))
        }
        // `_reduce_prune_counts` truncates to integers (frac_noise = 1 changes nothing else).
        return result.map { row in row.map { Int($0) } }
    }

    private static func transpose(_ matrix: [[Int]]) -> [[Int]] {
        matrix.indices.map { column in matrix.map { $0[column] } }
    }

    /// cleanlab's `round_preserving_sum`: round, then move the remainder one unit at a time to the
    /// entries whose rounding lost (or gained) the most.
    static func roundPreservingSum(_ values: [Double]) -> [Int] {
        var rounded = values.map { $0.rounded(.toNearestOrEven) }
        let target = values.reduce(0, +).rounded(.toNearestOrEven)
        var sum = rounded.reduce(0, +).rounded(.toNearestOrEven)
        while abs(sum - target) > 1e-6 {
            let difference = (target - sum).rounded(.toNearestOrEven)
            let increment: Double = difference < 0 ? -1 : 1
            let changes = min(Int(abs(difference)), values.count)
            let order = values.indices.sorted { values[$0] - rounded[$0] < values[$1] - rounded[$1] }
            let chosen = increment > 0 ? Array(order.reversed().prefix(changes)) : Array(order.prefix(changes))
            for index in chosen { rounded[index] += increment }
            sum = rounded.reduce(0, +).rounded(.toNearestOrEven)
        }
        return rounded.map { Int($0) }
    }
}
