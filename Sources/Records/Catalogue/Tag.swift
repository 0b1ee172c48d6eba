/// A free-text tag: the text as the catalogue wrote it and the normalised name Tagmine matches on.
public struct Tag: Sendable, Hashable {
    /// The tag as written in the catalogue, trimmed.
    public var original: String
    /// The NFKC, case-folded, whitespace-collapsed form (see ``TextNormalizer``).
    public var name: String

    /// Creates a tag whose normalised name is already known.
    public init(original: String, name: String) {
        self.original = original
        self.name = name
    }
}
