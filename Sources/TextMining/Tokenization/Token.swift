/// A word of a tag or description, as the lexicons and keyword maps match it.
public struct Token: Sendable, Hashable {
    /// The normalised text as it appears.
    public var surface: String
    /// The dictionary form: 原形 for Japanese (明るかった → 明るい), the singular for English
    /// (guitars → guitar).
    public var base: String
    /// The part of speech (`.other` for English words, which carry none).
    public var pos: PartOfSpeech
    /// The katakana reading, for Japanese words MeCab knows.
    public var reading: String?

    /// Creates a token.
    public init(surface: String, base: String, pos: PartOfSpeech, reading: String? = nil) {
        self.surface = surface
        self.base = base
        self.pos = pos
        self.reading = reading
    }
}
