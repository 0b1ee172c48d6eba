import Glibc

/// A string compared and hashed by its UTF-8 bytes rather than by Unicode canonical equivalence.
///
/// `String`'s `==` and hashing normalise non-ASCII text on the fly; for dictionary keys that are
/// already normalised (or must match byte for byte) that work is wasted, and it was a tenth of
/// the import time on Japanese tags (make bench-import).
public struct UTF8Key: Hashable, Sendable {
    /// The string.
    public let text: String

    /// Wraps `text`.
    public init(_ text: String) {
        self.text = text
    }

    public static func == (lhs: UTF8Key, rhs: UTF8Key) -> Bool {
        lhs.text.hasSameUTF8(as: rhs.text)
    }

    public func hash(into hasher: inout Hasher) {
        var copy = text
        copy.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}

extension String {
    /// Whether the two strings are the same bytes of UTF-8 (not merely canonically equivalent).
    public func hasSameUTF8(as other: String) -> Bool {
        var lhs = self, rhs = other
        return lhs.withUTF8 { left in
            rhs.withUTF8 { right in
                left.count == right.count
                    && (left.isEmpty || memcmp(left.baseAddress!, right.baseAddress!, left.count) == 0)
            }
        }
    }
}
