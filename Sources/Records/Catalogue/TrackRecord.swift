/// One track as read from a catalogue file, before it reaches the store.
public struct TrackRecord: Sendable, Hashable {
    /// The catalogue's own identifier, unique within its source file.
    public var catalogueID: String
    /// The audio file, absolute once ``AudioPathResolver`` has seen it; `nil` when the catalogue gives none.
    public var audioPath: String?
    /// The track title.
    public var title: String?
    /// Free-text description or comment.
    public var description: String?
    /// The artist, when the catalogue names one.
    public var artist: String?
    /// The album, when the catalogue names one.
    public var album: String?
    /// The track's tags in catalogue order, one per normalised name.
    public var tags: [Tag]
    /// Columns or fields that were not mapped to a track field, in file order (name, text).
    public var attributes: [Attribute]
    /// The 1-based line of the file where the record starts.
    public var line: Int

    /// Creates a record.
    public init(
        catalogueID: String,
        audioPath: String? = nil,
        title: String? = nil,
        description: String? = nil,
        artist: String? = nil,
        album: String? = nil,
        tags: [Tag] = [],
        attributes: [Attribute] = [],
        line: Int
    ) {
        self.catalogueID = catalogueID
        self.audioPath = audioPath
        self.title = title
        self.description = description
        self.artist = artist
        self.album = album
        self.tags = tags
        self.attributes = attributes
        self.line = line
    }
}

/// A catalogue field that Tagmine keeps as text without interpreting it (a BPM, a predefined fold,
/// an existing label).
public struct Attribute: Sendable, Hashable {
    /// The column header or field name.
    public var name: String
    /// The field's text.
    public var value: String

    /// Creates an attribute.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}
