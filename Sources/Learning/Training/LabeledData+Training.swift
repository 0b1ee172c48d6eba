extension LabeledData {
    /// A stratified (by each track's first class) `share` of `indices` held out for early stopping,
    /// from classes of at least three tracks; returns the rest and the held-out tracks, ascending.
    func holdout(_ indices: [Int], share: Float, random: inout SeededRandom) -> (training: [Int], held: [Int]) {
        guard share > 0 else { return (indices, []) }
        var byClass: [Int: [Int]] = [:]
        for index in indices { byClass[labels[index].first ?? -1, default: []].append(index) }
        var validation: [Int] = []
        for label in byClass.keys.sorted() {
            var members = byClass[label] ?? []
            members.shuffle(using: &random)
            let count = Int((Float(members.count) * share).rounded())
            if members.count >= 3 { validation += members.prefix(count) }
        }
        let held = Set(validation)
        return (indices.filter { !held.contains($0) }, validation.sorted())
    }

    /// One of the ``groups`` the tracks at `indices` fall in, chosen at random, held out whole; returns
    /// the rest and the held-out tracks, ascending. `nil` without groups or when the tracks are all
    /// in one group.
    func groupHoldout(_ indices: [Int], random: inout SeededRandom) -> (training: [Int], held: [Int])? {
        guard let groups else { return nil }
        let present = Set(indices.map { groups[$0] }).sorted()
        guard present.count >= 2 else { return nil }
        let held = present[Int(random.next() % UInt64(present.count))]
        return (indices.filter { groups[$0] != held }, indices.filter { groups[$0] == held })
    }

    /// Per-class loss weights `n / (classes · n_class)` over the tracks at `training`
    /// (scikit-learn's `class_weight="balanced"`).
    func balancedWeights(_ training: [Int]) -> [Float] {
        var counts = [Float](repeating: 0, count: classes.count)
        for index in training { for label in labels[index] { counts[label] += 1 } }
        let total = Float(training.count), present = Float(counts.filter { $0 > 0 }.count)
        return counts.map { $0 > 0 ? total / (present * $0) : 1 }
    }

    /// Each track's loss weight: its heaviest class's, or 1 without class weights.
    func rowWeights(_ indices: [Int], classWeights: [Float]?) -> [Float] {
        guard let classWeights else { return [Float](repeating: 1, count: indices.count) }
        return indices.map { labels[$0].map { classWeights[$0] }.max() ?? 1 }
    }
}

/// Mixup (Zhang et al.): each row of a batch blended with another row by one Beta(α, α) weight,
/// inputs, targets and loss weights alike.
enum Mixup {
    static func blend(
        _ inputs: inout [Float], _ targets: inout [Float], _ weights: inout [Float], rows: Int, columns: Int,
        classes: Int, alpha: Float, random: inout SeededRandom
    ) {
        let lambda = random.beta(Double(alpha))
        var partner = Array(0..<rows)
        partner.shuffle(using: &random)
        let (x, t, w) = (inputs, targets, weights)
        for row in 0..<rows {
            let other = partner[row]
            for c in 0..<columns {
                inputs[row * columns + c] = lambda * x[row * columns + c] + (1 - lambda) * x[other * columns + c]
            }
            for c in 0..<classes {
                targets[row * classes + c] = lambda * t[row * classes + c] + (1 - lambda) * t[other * classes + c]
            }
            weights[row] = lambda * w[row] + (1 - lambda) * w[other]
        }
    }
}
