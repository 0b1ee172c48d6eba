import TextMining

extension Tag {
    /// Creates a tag from its original text, normalising it.
    public init(_ original: String) {
        self.init(original: original, name: TextNormalizer.normalize(original))
    }
}
