/// A catalogue file that cannot be read, with the place and a way to fix it.
///
/// Its description reads like a compiler diagnostic:
/// `tags.csv:1234: field 5 (tags): unterminated quoted field (opened at line 1230). Check the quoting…`
public struct CatalogError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of problem this is, for code that reacts to it.
    public enum Code: String, Sendable {
        case fileNotFound
        case unreadable
        case unsupportedFormat
        case invalidEncoding
        case malformedCSV
        case malformedXML
        case missingColumn
        case duplicateColumn
        case emptyID
        case duplicateID
        case invalidMapping
        case recordTooLarge
        case tooManyTags
        case malformedList
        case malformedJSON
    }

    /// The machine-matchable kind of problem.
    public var code: Code
    /// The file the problem is in.
    public var file: String
    /// The 1-based line, when known.
    public var line: Int?
    /// The 1-based column (field number for CSV), when known.
    public var column: Int?
    /// What went wrong.
    public var message: String
    /// How to fix it, when there is something to say.
    public var hint: String?

    /// Creates an error.
    public init(
        _ code: Code,
        file: String,
        line: Int? = nil,
        column: Int? = nil,
        _ message: String,
        hint: String? = nil
    ) {
        self.code = code
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        self.hint = hint
    }

    public var description: String {
        var place = file
        if let line { place += ":\(line)" }
        if let column { place += ":\(column)" }
        var text = "\(place): \(message)"
        if let hint { text += ". \(hint)" }
        return text
    }
}
