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
        lhs.text.utf8.elementsEqual(rhs.text.utf8)
    }

    public func hash(into hasher: inout Hasher) {
        var copy = text
        copy.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}
