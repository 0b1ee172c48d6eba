/// Assigns items to parts (train / validation / test, or folds) so that every part gets close to
/// its share of every class, and all items of a group (an artist, an album) land in the same part:
/// the split that neither starves a part of a rare class nor leaks an artist from training into test.
///
/// Groups are placed largest first (in a seeded random order among equals), each into the part
/// where it most reduces the distance from the targets: per class, the squared shortfall or excess
/// relative to the class's size, plus the same for the part's overall size.
public struct StratifiedGroupSplitter: Sendable {
    /// Each part's share of the items; they sum to 1.
    public var fractions: [Double]
    /// The seed of the order among groups of one size.
    public var seed: UInt64

    /// A splitter into parts with these shares.
    public init(fractions: [Double], seed: UInt64) {
        self.fractions = fractions
        self.seed = seed
    }

    /// The part of each item, given each item's class and group (indices from 0).
    public func assign(classes: [Int], groups: [Int]) -> [Int] {
        let classCount = (classes.max() ?? -1) + 1
        let groupCount = (groups.max() ?? -1) + 1
        var members = Array(repeating: [Int](), count: groupCount)
        for (item, group) in groups.enumerated() { members[group].append(item) }
        var classTotals = Array(repeating: 0.0, count: classCount)
        for item in classes { classTotals[item] += 1 }

        var generator = SplitMix64(seed: seed)
        var order = Array(0..<groupCount).filter { !members[$0].isEmpty }
        order.shuffle(using: &generator)
        // A stable sort keeps the shuffled order among groups of one size.
        order = order.enumerated().sorted {
            (members[$0.element].count, -$0.offset) > (members[$1.element].count, -$1.offset)
        }.map(\.element)

        let total = Double(classes.count)
        var counts = Array(repeating: Array(repeating: 0.0, count: classCount), count: fractions.count)
        var sizes = Array(repeating: 0.0, count: fractions.count)
        var parts = Array(repeating: 0, count: classes.count)
        var groupClasses = Array(repeating: 0.0, count: classCount)
        for group in order {
            for index in groupClasses.indices { groupClasses[index] = 0 }
            for item in members[group] { groupClasses[classes[item]] += 1 }
            let size = Double(members[group].count)
            var best = 0
            var bestCost = Double.infinity
            for part in fractions.indices where fractions[part] > 0 {
                var cost = 0.0
                for label in 0..<classCount where groupClasses[label] > 0 {
                    let target = fractions[part] * classTotals[label]
                    let before = counts[part][label] - target, after = before + groupClasses[label]
                    cost += (after * after - before * before) / classTotals[label]
                }
                let target = fractions[part] * total
                let before = sizes[part] - target, after = before + size
                cost += (after * after - before * before) / total
                if cost < bestCost {
                    bestCost = cost
                    best = part
                }
            }
            for label in 0..<classCount { counts[best][label] += groupClasses[label] }
            sizes[best] += size
            for item in members[group] { parts[item] = best }
        }
        return parts
    }
}
