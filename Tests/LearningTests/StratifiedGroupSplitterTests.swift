import Learning
import Testing

/// The splitter alone, on plain indices: no store, no catalogue.
@Suite struct StratifiedGroupSplitterTests {
    /// 3 classes of 40, 30 and 10 items in groups of 1 to 4 (an artist's tracks share a class).
    private let items: (classes: [Int], groups: [Int]) = {
        var classes: [Int] = [], groups: [Int] = []
        var group = 0
        for (label, count) in [(0, 40), (1, 30), (2, 10)] {
            var left = count
            while left > 0 {
                let size = min(left, 1 + group % 4)
                classes += Array(repeating: label, count: size)
                groups += Array(repeating: group, count: size)
                left -= size
                group += 1
            }
        }
        return (classes, groups)
    }()

    @Test func keepsEveryGroupInOnePartAndEveryClassNearItsShareInEachPart() {
        let parts = StratifiedGroupSplitter(fractions: [0.6, 0.2, 0.2], seed: 7)
            .assign(classes: items.classes, groups: items.groups)
        #expect(parts.count == items.classes.count)
        for group in Set(items.groups) {
            let partsOfGroup = Set(items.groups.indices.filter { items.groups[$0] == group }.map { parts[$0] })
            #expect(partsOfGroup.count == 1, "group \(group) is in parts \(partsOfGroup)")
        }
        for label in 0..<3 {
            let members = items.classes.indices.filter { items.classes[$0] == label }
            for (part, share) in [0.6, 0.2, 0.2].enumerated() {
                let count = members.filter { parts[$0] == part }.count
                let target = share * Double(members.count)
                #expect(abs(Double(count) - target) <= 4, "class \(label) part \(part): \(count), target \(target)")
            }
        }
    }

    @Test func theSameSeedGivesTheSameSplitAndAnotherSeedAnother() {
        let split = { (seed: UInt64) in
            StratifiedGroupSplitter(fractions: [0.5, 0.5], seed: seed).assign(
                classes: items.classes, groups: items.groups)
        }
        #expect(split(1) == split(1))
        #expect(split(1) != split(2))
    }

    @Test func aPartWithNoShareGetsNothing() {
        let parts = StratifiedGroupSplitter(fractions: [0.8, 0, 0.2], seed: 3)
            .assign(classes: items.classes, groups: items.groups)
        #expect(!parts.contains(1))
        #expect(Set(parts) == [0, 2])
    }
}
