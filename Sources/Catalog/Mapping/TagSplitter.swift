import TextMining

/// Splits a free-text tag field into tags: trimmed, normalised, one per normalised name.
///
/// Splitting works on UTF-8 bytes with the delimiters' encodings precomputed: a scalar-by-scalar
/// split was a sixth of the import time (make bench-import).
public struct TagSplitter: Sendable {
    /// The default delimiters: comma, ideographic comma, semicolon, vertical bar, line breaks, and
    /// the full-width forms of the first three (Excel users type them).
    public static let defaultDelimiters: Set<Unicode.Scalar> = [
        ",", "、", ";", "|", "\n", "\r", "，", "；", "｜",
    ]

    /// The characters that separate tags.
    public let delimiters: Set<Unicode.Scalar>
    private let asciiDelimiter: [Bool]
    private let wideDelimiters: [[UInt8]]
    private var cache = NormalizationCache()

    /// Creates a splitter; `delimiters` replaces the defaults when given.
    public init(delimiters: Set<Unicode.Scalar> = TagSplitter.defaultDelimiters) {
        self.delimiters = delimiters
        var ascii = [Bool](repeating: false, count: 128)
        var wide: [[UInt8]] = []
        for scalar in delimiters {
            if scalar.isASCII { ascii[Int(scalar.value)] = true } else { wide.append(Array(String(scalar).utf8)) }
        }
        asciiDelimiter = ascii
        wideDelimiters = wide
    }

    /// Part of a track's tag text: delimited text, or one item of a list-valued cell.
    public enum Part {
        /// Text the delimiters split into tags.
        case delimited(String)
        /// One tag, not split further.
        case item(String)
    }

    /// Returns the tags in `text`, in order, dropping empty ones and later duplicates.
    ///
    /// Splitting stops once `limit` distinct tags are exceeded: the result then has `limit + 1`
    /// tags, which is how a caller learns the field has too many without reading them all.
    public mutating func tags(in text: String, limit: Int = .max) -> [Tag] {
        tags([.delimited(text)], limit: limit)
    }

    /// The tags of a list-valued cell: each item one tag.
    public mutating func tags(items: [String], limit: Int = .max) -> [Tag] {
        tags(items.map(Part.item), limit: limit)
    }

    /// The tags of several parts of one track's tag text, in order, with later duplicates (across
    /// parts too) dropped. Like ``tags(in:limit:)``, stops after `limit + 1` tags.
    public mutating func tags(_ parts: [Part], limit: Int = .max) -> [Tag] {
        var found = Found()
        for part in parts where found.tags.count <= limit {
            switch part {
            case .delimited(var text): text.withUTF8 { split($0, into: &found, limit: limit) }
            case .item(var item): item.withUTF8 { appendTag($0, 0..<$0.count, to: &found) }
            }
        }
        return found.tags
    }

    private mutating func split(_ bytes: UnsafeBufferPointer<UInt8>, into found: inout Found, limit: Int) {
        var start = 0
        var index = 0
        while index < bytes.count && found.tags.count <= limit {
            let length = delimiterLength(in: bytes, at: index)
            if length > 0 {
                appendTag(bytes, start..<index, to: &found)
                index += length
                start = index
            } else {
                index += 1
            }
        }
        if found.tags.count <= limit { appendTag(bytes, start..<bytes.count, to: &found) }
    }

    /// The tags of one field so far. Most fields have a handful, where a scan beats hashing; a
    /// field with many (a hostile row had 100,000) switches to a set so splitting stays linear.
    private struct Found {
        private(set) var tags: [Tag] = []
        private var names: Set<UTF8Key>?

        func contains(_ name: String) -> Bool {
            if let names { return names.contains(UTF8Key(name)) }
            return tags.contains { $0.name.hasSameUTF8(as: name) }
        }

        mutating func append(_ tag: Tag) {
            tags.append(tag)
            if names != nil {
                names?.insert(UTF8Key(tag.name))
            } else if tags.count == 16 {
                names = Set(tags.map { UTF8Key($0.name) })
            }
        }
    }

    /// The byte length of the delimiter starting at `index`, or 0.
    private func delimiterLength(in bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        let byte = bytes[index]
        if byte < 0x80 { return asciiDelimiter[Int(byte)] ? 1 : 0 }
        if byte < 0xC0 { return 0 }
        for delimiter in wideDelimiters where index + delimiter.count <= bytes.count {
            var matches = true
            for offset in 0..<delimiter.count where bytes[index + offset] != delimiter[offset] {
                matches = false
                break
            }
            if matches { return delimiter.count }
        }
        return 0
    }

    private mutating func appendTag(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, to found: inout Found) {
        var lower = range.lowerBound, upper = range.upperBound
        while lower < upper && (bytes[lower] == 0x20 || bytes[lower] == 0x09) { lower += 1 }
        while upper > lower && (bytes[upper - 1] == 0x20 || bytes[upper - 1] == 0x09) { upper -= 1 }
        if lower == upper { return }
        let text = UnsafeBufferPointer(rebasing: bytes[lower..<upper])
        var last = upper - 1
        while last > lower && bytes[last] & 0xC0 == 0x80 { last -= 1 }
        let entry: NormalizationCache.Entry
        if Self.mayBeWideSpace(bytes, at: lower, before: upper) || Self.mayBeWideSpace(bytes, at: last, before: upper) {
            // Non-ASCII whitespace (ideographic or no-break space) at an edge.
            let original = String(decoding: text, as: UTF8.self).trimmingWhitespaceScalars()
            if original.isEmpty { return }
            entry = cache.entry(original)
        } else {
            entry = cache.entry(utf8: text)
        }
        if entry.name.isEmpty || found.contains(entry.name) { return }
        found.append(
            Tag(original: entry.original, name: entry.name, nameNumber: entry.number, isNormalized: entry.isUnchanged))
    }

    /// Whether the scalar whose UTF-8 starts at `index` may be white space beyond ASCII: U+0085,
    /// U+00A0, U+1680, U+2000–U+205F or U+3000. A byte test, so the kana and kanji that start most
    /// Japanese tags (also led by E3) cost no Unicode property lookup.
    private static func mayBeWideSpace(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, before end: Int) -> Bool {
        switch bytes[index] {
        case 0xC2, 0xE1, 0xE2: true
        case 0xE3: index + 2 < end && bytes[index + 1] == 0x80 && bytes[index + 2] == 0x80
        default: false
        }
    }
}
