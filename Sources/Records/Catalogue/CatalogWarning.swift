/// Something in a catalogue that was read, but maybe not as its author meant: reported, not refused.
///
/// Its description reads like a compiler diagnostic: `tags.csv:12: the audio path is outside every audio root`.
public struct CatalogWarning: Sendable, Equatable, CustomStringConvertible {
    /// The file the warning is about.
    public var file: String
    /// The 1-based line, when the warning is about one.
    public var line: Int?
    /// What was noticed, and what to do if it is wrong.
    public var message: String

    /// Creates a warning.
    public init(file: String, line: Int? = nil, _ message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String { line.map { "\(file):\($0): \(message)" } ?? "\(file): \(message)" }
}
