public import AudioFeatures

/// The pretrained musicnn taggers (Pons & Serra, ISC licence) Tagmine can install and run.
public enum MusicnnModel: String, Sendable, Codable, CaseIterable {
    /// Trained on the Million Song Dataset's 50 most common Last.fm tags.
    case msd = "musicnn-msd"
    /// Trained on MagnaTagATune's 50 most common tags.
    case mtt = "musicnn-mtt"

    /// The checkpoint's folder in the musicnn 0.1.0 package.
    public var checkpointFolder: String {
        switch self {
        case .msd: "MSD_musicnn"
        case .mtt: "MTT_musicnn"
        }
    }

    /// The 50 tags, in the order of the network's outputs (musicnn's `configuration.py`).
    public var labels: [String] {
        switch self {
        case .msd:
            [
                "rock", "pop", "alternative", "indie", "electronic", "female vocalists", "dance", "00s",
                "alternative rock", "jazz", "beautiful", "metal", "chillout", "male vocalists", "classic rock", "soul",
                "indie rock", "Mellow", "electronica", "80s", "folk", "90s", "chill", "instrumental", "punk", "oldies",
                "blues", "hard rock", "ambient", "acoustic", "experimental", "female vocalist", "guitar", "Hip-Hop",
                "70s", "party", "country", "easy listening", "sexy", "catchy", "funk", "electro", "heavy metal",
                "Progressive rock", "60s", "rnb", "indie pop", "sad", "House", "happy",
            ]
        case .mtt:
            [
                "guitar", "classical", "slow", "techno", "strings", "drums", "electronic", "rock", "fast", "piano",
                "ambient", "beat", "violin", "vocal", "synth", "female", "indian", "opera", "male", "singing", "vocals",
                "no vocals", "harpsichord", "loud", "quiet", "flute", "woman", "male vocal", "no vocal", "pop", "soft",
                "sitar", "solo", "man", "classic", "choir", "voice", "new age", "dance", "male voice", "female vocal",
                "beats", "harp", "cello", "no voice", "weird", "country", "metal", "female voice", "choral",
            ]
        }
    }

    /// The model named `name` (`musicnn-msd`, `musicnn-mtt`).
    public init?(name: String) {
        self.init(rawValue: name)
    }

    /// The model behind a pretrained extractor; `nil` for a spectral one.
    public init?(_ kind: ExtractorKind) {
        self.init(rawValue: kind.rawValue)
    }
}
