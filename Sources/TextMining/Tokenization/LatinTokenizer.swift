/// Splits Latin-script text into word tokens with plural folding (guitars → guitar,
/// melodies → melody), keeping in-word hyphens and apostrophes (`j-pop`, `don't`).
public enum LatinTokenizer {
    /// The tokens of `text`, which should already be normalised (see ``TextNormalizer``).
    public static func tokens(in text: some StringProtocol) -> [Token] {
        var tokens: [Token] = []
        var word = ""
        func flush() {
            while let last = word.unicodeScalars.last, last == "-" || last == "'" { word.unicodeScalars.removeLast() }
            if !word.isEmpty { tokens.append(Token(surface: word, base: singular(word), pos: .other)) }
            word = ""
        }
        for scalar in text.unicodeScalars {
            if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                word.unicodeScalars.append(scalar)
            } else if (scalar == "-" || scalar == "'" || scalar == "’") && !word.isEmpty {
                word.unicodeScalars.append(scalar == "’" ? "'" : scalar)
            } else {
                flush()
            }
        }
        flush()
        return tokens
    }

    /// The singular of an English plural by the regular rules; other words come back unchanged.
    public static func singular(_ word: String) -> String {
        let count = word.count
        guard count > 3, word.hasSuffix("s") else { return word }
        if word.hasSuffix("'s") { return String(word.dropLast(2)) }
        if word.hasSuffix("ies") && count > 4 { return word.dropLast(3) + "y" }
        for suffix in ["sses", "ches", "shes", "xes", "zes"] where word.hasSuffix(suffix) {
            return String(word.dropLast(2))
        }
        for suffix in ["ss", "us", "is", "ous"] where word.hasSuffix(suffix) { return word }
        return String(word.dropLast())
    }
}
