import Glibc

/// Memoises ``TextNormalizer/normalize(_:)`` for the small vocabularies catalogues repeat millions
/// of times; NFKC costs about a microsecond a call, a dictionary hit a few nanoseconds.
///
/// Each distinct normalised form also gets a number, so a consumer (the import) can find what it
/// knows about a name by number instead of hashing its text again.
///
/// The cache is cleared when it reaches `capacity` entries, so memory stays bounded on catalogues
/// whose tags never repeat; numbers keep counting up, so a name seen again after that may get a new
/// number but a number never names two texts.
public struct NormalizationCache: Sendable {
    /// One input and its normalised form.
    public struct Entry: Sendable {
        /// The input.
        public var original: String
        /// The normalised form.
        public var name: String
        /// The number of `name`: equal names seen while the cache keeps them have equal numbers.
        public var number: Int
        /// Whether `name` is the input byte for byte (most tags are already normalised).
        public var isUnchanged: Bool
    }

    private var entries: [CacheKey: Entry] = [:]
    private var numbers: [CacheKey: Int] = [:]
    private var nextNumber = 0
    /// The number of distinct inputs kept before the cache starts over.
    public let capacity: Int

    /// The number of inputs cached now.
    public var count: Int { entries.count }

    /// Creates an empty cache holding at most `capacity` entries.
    public init(capacity: Int = 200_000) {
        self.capacity = capacity
    }

    /// Returns the normalised form of `text`, computing it at most once while it stays cached.
    public mutating func normalize(_ text: String) -> String {
        entry(text).name
    }

    /// The normalised form of `text` with its number, computed at most once while it stays cached.
    public mutating func entry(_ text: String) -> Entry {
        var text = text
        return text.withUTF8 { entry(utf8: $0) }
    }

    /// The entry of the text whose UTF-8 is `utf8` (which must be valid UTF-8). A hit makes no
    /// string: the cached entry holds the input's own.
    public mutating func entry(utf8: UnsafeBufferPointer<UInt8>) -> Entry {
        if let hit = entries[CacheKey(borrowing: utf8)] { return hit }
        let original = String(decoding: utf8, as: UTF8.self)
        let name = TextNormalizer.normalize(original)
        if entries.count >= capacity {
            entries.removeAll(keepingCapacity: true)
            numbers.removeAll(keepingCapacity: true)
        }
        let nameKey = CacheKey(name)
        let number = numbers[nameKey] ?? nextNumber
        if number == nextNumber {
            numbers[nameKey] = number
            nextNumber += 1
        }
        let entry = Entry(original: original, name: name, number: number, isUnchanged: name.utf8.elementsEqual(utf8))
        entries[CacheKey(original)] = entry
        return entry
    }
}

/// A key that hashes and compares UTF-8 bytes: a stored string, or, only to look one up, bytes
/// borrowed for the duration of the lookup (never stored).
private struct CacheKey: Hashable, @unchecked Sendable {
    private let stored: String?
    private let borrowed: UnsafeBufferPointer<UInt8>

    init(_ text: String) {
        stored = text
        borrowed = UnsafeBufferPointer(start: nil, count: 0)
    }

    init(borrowing bytes: UnsafeBufferPointer<UInt8>) {
        stored = nil
        borrowed = bytes
    }

    private func withBytes<T>(_ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        guard var stored else { return body(borrowed) }
        return stored.withUTF8(body)
    }

    static func == (lhs: CacheKey, rhs: CacheKey) -> Bool {
        lhs.withBytes { left in
            rhs.withBytes { right in
                left.count == right.count
                    && (left.isEmpty || memcmp(left.baseAddress!, right.baseAddress!, left.count) == 0)
            }
        }
    }

    func hash(into hasher: inout Hasher) {
        withBytes { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}
