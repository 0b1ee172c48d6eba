import TextMining

/// Splits a free-text tag field into tags: trimmed, normalised, one per normalised name.
public struct TagSplitter: Sendable {
    /// The default delimiters: comma, ideographic comma, semicolon, vertical bar, line breaks, and
    /// the full-width forms of the first three (Excel users type them).
    public static let defaultDelimiters: Set<Unicode.Scalar> = [
        ",", "、", ";", "|", "\n", "\r", "，", "；", "｜",
    ]

    /// The characters that separate tags.
    public let delimiters: Set<Unicode.Scalar>
    private var cache = NormalizationCache()

    /// Creates a splitter; `delimiters` replaces the defaults when given.
    public init(delimiters: Set<Unicode.Scalar> = TagSplitter.defaultDelimiters) {
        self.delimiters = delimiters
    }

    /// Returns the tags in `text`, in order, dropping empty ones and later duplicates.
    public mutating func tags(in text: String) -> [Tag] {
        var tags: [Tag] = []
        var seen: Set<String> = []
        for piece in text.unicodeScalars.split(whereSeparator: delimiters.contains) {
            let trimmed = Self.trimmed(piece)
            if trimmed.isEmpty { continue }
            let original = String(trimmed)
            let name = cache.normalize(original)
            if name.isEmpty || !seen.insert(name).inserted { continue }
            tags.append(Tag(original: original, name: name))
        }
        return tags
    }

    private static func trimmed(_ scalars: Substring.UnicodeScalarView) -> Substring.UnicodeScalarView {
        var start = scalars.startIndex, end = scalars.endIndex
        while start < end && scalars[start].properties.isWhitespace { start = scalars.index(after: start) }
        while end > start && scalars[scalars.index(before: end)].properties.isWhitespace {
            end = scalars.index(before: end)
        }
        return scalars[start..<end]
    }
}
