/// The genres of the demo catalogue: the seed experiments' five.
public enum DemoGenre: String, Sendable, CaseIterable {
    case rock, fusion, ballad, pops, classical
}

/// The lead instruments of the demo catalogue.
public enum DemoInstrument: String, Sendable, CaseIterable {
    case piano, synthesizer, guitar
    case electricGuitar = "electric guitar"
}

/// The mood axis: major, high and bright against minor, low and dark.
public enum DemoMood: String, Sendable, CaseIterable {
    case bright, dark
}

/// One planned demo track: the truth its audio is synthesised from and its tags are drawn from.
public struct DemoTrack: Sendable, Equatable {
    /// The catalogue id (`D000001`).
    public var id: String
    /// The audio file, relative to the catalogue folder.
    public var path: String
    /// The genre the audio has.
    public var genre: DemoGenre
    /// The lead instruments the audio has (one or two).
    public var instruments: [DemoInstrument]
    /// Bright or dark.
    public var mood: DemoMood
    /// Beats per minute.
    public var bpm: Int
    /// The artist (each artist leans to one genre, so grouped splits matter).
    public var artist: String
    /// Tags as the catalogue gives them, noise included.
    public var tags: [String]
    /// A one-line description.
    public var description: String
    /// Set for the few tracks whose file is deliberately missing or cut short.
    public var defect: Defect?

    /// A deliberate problem with the audio file, as real catalogues have.
    public enum Defect: String, Sendable, Equatable {
        /// The CSV names a file that is not there.
        case missing
        /// The file stops half-way through its data.
        case truncated
    }
}
