public import Records

/// What one `import` of one file did.
public struct ImportSummary: Sendable, Equatable {
    /// The store's id for the source file.
    public var sourceID: Int64
    /// The file, as an absolute path.
    public var path: String
    /// The format the file was read as.
    public var format: CatalogFormat
    /// The text encoding in force, for text formats.
    public var encoding: TextEncoding?
    /// Whether the file was already in the store with the same content, so nothing was done.
    public var unchanged: Bool
    /// Records read from the file.
    public var records = 0
    /// Tracks added.
    public var inserted = 0
    /// Tracks that existed from an earlier import of the same path and were updated.
    public var updated = 0
    /// Rows skipped as duplicates (``DuplicatePolicy/skip``).
    public var skippedDuplicates = 0
    /// Rows that replaced an earlier row with the same id (``DuplicatePolicy/replace``).
    public var replacedDuplicates = 0
    /// Tracks of an earlier import of this path that the new file no longer has (kept).
    public var missingFromFile = 0
    /// Track–tag pairs written.
    public var tags = 0
    /// Seconds the import took.
    public var seconds = 0.0
    /// What the import noticed and the user should hear: an encoding guess that may be wrong,
    /// audio paths outside every audio root.
    public var warnings: [CatalogWarning] = []
}
