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
