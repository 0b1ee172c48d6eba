/// A free-text tag: the text as the catalogue wrote it and the normalised name Tagmine matches on.
public struct Tag: Sendable, Hashable {
    /// The tag as written in the catalogue, trimmed.
    public var original: String
    /// The NFKC, case-folded, whitespace-collapsed form (see ``TextNormalizer``).
    public var name: String
    /// The number the reader that split the tag gave its name (the same for every tag of that name
    /// the reader has in its cache), if one did: an import looks names up by it instead of by text.
    /// Not part of the tag's identity.
    public var nameNumber: Int?
    /// Whether `original` is `name` byte for byte.
    public var isNormalized: Bool

    /// Creates a tag whose normalised name is already known.
    public init(original: String, name: String, nameNumber: Int? = nil) {
        self.original = original
        self.name = name
        self.nameNumber = nameNumber
        isNormalized = original.hasSameUTF8(as: name)
    }

    /// Creates a tag from an original whose normalisation is known to give `name` (`isNormalized`
    /// when they are the same bytes).
    public init(original: String, name: String, nameNumber: Int, isNormalized: Bool) {
        self.original = original
        self.name = name
        self.nameNumber = nameNumber
        self.isNormalized = isNormalized
    }

    public static func == (lhs: Tag, rhs: Tag) -> Bool {
        lhs.original == rhs.original && lhs.name == rhs.name
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(original)
        hasher.combine(name)
    }
}
