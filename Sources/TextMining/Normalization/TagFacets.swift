import Foundation

/// Tags that name their facet: `genre---rock`, `mood/theme---happy` (MTG-Jamendo), `instrument:piano`.
///
/// A tag has a facet when the text before its first separator looks like a facet name: it starts
/// with a letter and holds only letters, digits, `/`, `_`, `-` and spaces (at most 40 characters),
/// and the rest is not empty. `3:45` and `ost: vol. 2` therefore stay plain tags.
///
/// ```swift
/// TagFacets().split("mood/theme---happy")   // ("mood/theme", "happy")
/// TagFacets().split("rock")                 // nil
/// ```
public struct TagFacets: Sendable, Equatable {
    /// The separators understood when none are given.
    public static let defaultSeparators = ["---", ":"]

    /// The separators between a facet and its value, tried in order.
    public var separators: [String]

    /// Facets with these separators.
    public init(separators: [String] = TagFacets.defaultSeparators) {
        self.separators = separators.filter { !$0.isEmpty }
    }

    /// The facet and value of `tag` (both trimmed), or `nil` for a tag without a facet.
    public func split(_ tag: String) -> (facet: String, value: String)? {
        var best: Range<String.Index>?
        for separator in separators {
            guard let range = tag.range(of: separator) else { continue }
            if best.map({ range.lowerBound < $0.lowerBound }) ?? true { best = range }
        }
        guard let range = best else { return nil }
        let facet = String(tag[..<range.lowerBound]).trimmingWhitespaceScalars()
        let value = String(tag[range.upperBound...]).trimmingWhitespaceScalars()
        guard !value.isEmpty, Self.isFacetName(facet) else { return nil }
        return (facet, value)
    }

    /// The value of `tag` when its facet is `facet`.
    public func value(of tag: String, inFacet facet: String) -> String? {
        guard let split = split(tag), split.facet == facet else { return nil }
        return split.value
    }

    private static func isFacetName(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first.properties.isAlphabetic, text.count <= 40 else {
            return false
        }
        return text.unicodeScalars.allSatisfy {
            $0.properties.isAlphabetic || ("0"..."9").contains($0) || "/_- ".unicodeScalars.contains($0)
        }
    }
}
