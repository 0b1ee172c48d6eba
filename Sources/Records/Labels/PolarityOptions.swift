/// How tags are scored against a polarity lexicon.
public struct PolarityOptions: Sendable, Hashable, Codable {
    /// Score the description as well as the tags.
    public var includeDescription = false
    /// Flip the sign of a term under negation (not / no / without before it; ない, ず, ぬ, なし after it).
    public var negation = true
    /// Subtract each part of speech's mean lexicon score before use. The PN Table scores most
    /// entries below zero, even neutral nouns; centring removes that bias per part of speech.
    public var centrePerPartOfSpeech = false
    /// Entries whose (centred) score is within this distance of zero count as no evidence.
    public var neutralBand = 0.0

    /// Creates options; the defaults score tags only, with negation, no centring and no band.
    public init(
        includeDescription: Bool = false, negation: Bool = true, centrePerPartOfSpeech: Bool = false,
        neutralBand: Double = 0
    ) {
        self.includeDescription = includeDescription
        self.negation = negation
        self.centrePerPartOfSpeech = centrePerPartOfSpeech
        self.neutralBand = neutralBand
    }
}
