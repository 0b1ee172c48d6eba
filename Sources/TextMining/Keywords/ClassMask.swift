/// A set of class indices (a keyword map's classes by position), as a bit set: combining the
/// classes of a track's tags is a few word-wide ORs however many classes the map has.
public struct ClassMask: Sendable, Hashable {
    /// The bits, 64 classes a word.
    var words: [UInt64]

    /// An empty set for a map of `classCount` classes.
    public init(classCount: Int) {
        words = Array(repeating: 0, count: max(1, (classCount + 63) / 64))
    }

    /// Adds class `index`.
    public mutating func insert(_ index: Int) {
        words[index / 64] |= 1 << UInt64(index % 64)
    }

    /// Adds every class of `other` (a mask for the same map).
    public mutating func formUnion(_ other: ClassMask) {
        for word in words.indices { words[word] |= other.words[word] }
    }

    /// Empties the set, keeping its storage.
    public mutating func removeAll() {
        for word in words.indices { words[word] = 0 }
    }

    /// The classes in `self` and not in `other`, in index order.
    public func indices(subtracting other: ClassMask) -> [Int] {
        var result: [Int] = []
        for (offset, word) in words.enumerated() {
            var remaining = word & ~other.words[offset]
            while remaining != 0 {
                result.append(offset * 64 + remaining.trailingZeroBitCount)
                remaining &= remaining - 1
            }
        }
        return result
    }

    /// How many classes are in the set.
    public var count: Int {
        words.reduce(0) { $0 + $1.nonzeroBitCount }
    }
}
