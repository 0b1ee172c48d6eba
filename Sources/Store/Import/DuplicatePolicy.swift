/// What an import does with a track id that appears twice in one file.
public enum DuplicatePolicy: String, Sendable, CaseIterable {
    /// Stop: the file imports nothing and the error names both lines.
    case error
    /// Keep the first row with that id and count the later ones as skipped.
    case skip
    /// Keep the last row with that id.
    case replace
}
