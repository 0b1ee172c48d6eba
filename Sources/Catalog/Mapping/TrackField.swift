/// A track field a catalogue column or XML value can be mapped to.
public enum TrackField: String, Sendable, CaseIterable, Hashable {
    case id, path, title, description, tags, artist, album

    /// Header names recognised for the field when no mapping is given, compared after normalisation.
    public var defaultHeaders: [String] {
        switch self {
        case .id: ["id", "track_id", "trackid", "track id"]
        case .path: ["path", "file", "audio", "audio_path", "filename", "location"]
        case .title: ["title", "name"]
        case .description: ["description", "comment", "comments"]
        case .tags: ["tags", "tag", "keywords"]
        case .artist: ["artist"]
        case .album: ["album"]
        }
    }

    /// Fields a tag catalogue must provide. Audio is optional: tracks without it are labeled,
    /// split and exported like the rest, and `tagmine audio attach` can link files later.
    public static let required: [TrackField] = [.id, .tags]
}
