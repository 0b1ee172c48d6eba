public import TextMining

/// How to read a catalogue file: format, encoding, and where each field comes from.
public struct CatalogOptions: Sendable {
    /// The format, or `nil` to decide from the extension and, for XML, the root element.
    public var format: CatalogFormat?
    /// The text encoding of CSV / TSV files.
    public var encoding: TextEncoding = .auto
    /// Column header per field for CSV / TSV, beyond the defaults.
    public var columns = ColumnMapping()
    /// The characters that separate tags in a tag field.
    public var tagDelimiters: Set<Unicode.Scalar> = TagSplitter.defaultDelimiters
    /// How tag cells are read: as lists (`['a', 'b']`), as delimited text, or each as what it is.
    public var tagFormat = TagFormat.auto
    /// Whether fields past the header's last column continue the tag column as further tags
    /// (`--rest-into tags`); `nil` decides from the header: only MTG-Jamendo's layout folds them,
    /// other files refuse such rows.
    public var restIntoTags: Bool?
    /// The most tags one track may have; a record with more is refused, naming its line.
    public var maximumTags = 10_000
    /// The folder relative audio paths resolve against; `nil` means the catalogue's own folder.
    public var audioRoot: String?
    /// For generic XML: the XPath (streaming subset) that selects one element per track.
    public var recordPath: String?
    /// For generic XML: an XPath per field, evaluated relative to the record element.
    public var fieldPaths: [(name: String, xpath: String)] = []

    /// Creates options with every default.
    public init() {}
}

/// How the cells of a tag column are read.
public enum TagFormat: String, Sendable, CaseIterable {
    /// A cell that is a JSON array or a Python list / tuple literal of strings is that list; any other
    /// cell is delimited text (one that opens with `[` but is no list is read as text, with a warning).
    case auto
    /// Every non-empty cell is a list; one that is not is an error naming its line.
    case list
    /// Every cell is delimited text, brackets and quotes included.
    case delimited
}
