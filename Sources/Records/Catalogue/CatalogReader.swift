/// A source of track records read from one catalogue file, in file order.
public protocol CatalogReader {
    /// The format being read.
    var format: CatalogFormat { get }
    /// The text encoding in force, for formats that have one the user chooses.
    var encoding: TextEncoding? { get }
    /// What the reader noticed so far that the user should hear about.
    var warnings: [CatalogWarning] { get }
    /// Returns the next record, or `nil` at the end of the file.
    mutating func next() throws(CatalogError) -> TrackRecord?
}

extension CatalogReader {
    public var warnings: [CatalogWarning] { [] }
}

/// The formats Tagmine reads catalogues from.
public enum CatalogFormat: String, Sendable, CaseIterable {
    /// Comma-separated values.
    case csv
    /// Tab-separated values.
    case tsv
    /// Any XML, mapped with a record XPath and field XPaths.
    case xml
    /// An iTunes / Music `Library.xml` property list.
    case itunes
    /// A rekordbox collection XML export.
    case rekordbox
    /// JSON Lines: one object per line, `{"id": …, "path": …, "tags": […]}`.
    case jsonl
}
