import Foundation

/// Folds free text into the form Tagmine matches on: NFKC (which also folds full-width Latin and
/// half-width katakana), lower case, trimmed, with every run of whitespace collapsed to one space.
///
/// ```swift
/// TextNormalizer.normalize("  ＰＩＡＮＯ　Solo ") // "piano solo"
/// TextNormalizer.normalize("ﾋﾟｱﾉ")              // "ピアノ"
/// ```
public enum TextNormalizer {
    /// Returns the normalised form of `text`.
    public static func normalize(_ text: some StringProtocol) -> String {
        // Foundation on Linux maps half-width ﾋﾟ to ヒ + U+309A under NFKC but does not compose the
        // pair into ピ, so the result is not in NFKC; a canonical composition pass finishes the job.
        // Without it the store would keep ﾋﾟｱﾉ and ピアノ as two tags (names are unique by bytes).
        let folded = String(text).precomposedStringWithCompatibilityMapping.lowercased()
            .precomposedStringWithCanonicalMapping
        var result = ""
        result.reserveCapacity(folded.utf8.count)
        var pendingSpace = false
        for scalar in folded.unicodeScalars {
            if scalar.properties.isWhitespace {
                pendingSpace = !result.isEmpty
                continue
            }
            if pendingSpace {
                result.unicodeScalars.append(" ")
                pendingSpace = false
            }
            result.unicodeScalars.append(scalar)
        }
        return result
    }
}

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
    /// One input's normalised form.
    public struct Entry: Sendable {
        /// The normalised form.
        public var name: String
        /// The number of `name`: equal names seen while the cache keeps them have equal numbers.
        public var number: Int
        /// Whether `name` is the input byte for byte (most tags are already normalised).
        public var isUnchanged: Bool
    }

    private var entries: [UTF8Key: Entry] = [:]
    private var numbers: [UTF8Key: Int] = [:]
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
        let key = UTF8Key(text)
        if let hit = entries[key] { return hit }
        let name = TextNormalizer.normalize(text)
        if entries.count >= capacity {
            entries.removeAll(keepingCapacity: true)
            numbers.removeAll(keepingCapacity: true)
        }
        let nameKey = UTF8Key(name)
        let number = numbers[nameKey] ?? nextNumber
        if number == nextNumber {
            numbers[nameKey] = number
            nextNumber += 1
        }
        let entry = Entry(name: name, number: number, isUnchanged: name.hasSameUTF8(as: text))
        entries[key] = entry
        return entry
    }
}
