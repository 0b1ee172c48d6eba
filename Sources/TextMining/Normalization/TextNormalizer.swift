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
/// The cache is cleared when it reaches `capacity` entries, so memory stays bounded on catalogues
/// whose tags never repeat.
public struct NormalizationCache: Sendable {
    private var entries: [UTF8Key: String] = [:]
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
        let key = UTF8Key(text)
        if let hit = entries[key] { return hit }
        let value = TextNormalizer.normalize(text)
        if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
        entries[key] = value
        return value
    }
}
