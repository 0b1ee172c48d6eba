import Foundation

/// Writing CSV that ``CSVReader`` (and every spreadsheet) reads back as written.
public enum CSVWriting {
    /// RFC 4180 quoting: fields with a comma, quote or line break are quoted, quotes doubled.
    public static func quoted(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A text cell a spreadsheet will not run as a formula: one starting with `=`, `+`, `-`, `@`,
    /// a tab or a carriage return gets a leading `'` (OWASP's advice against CSV injection).
    public static func inert(_ field: String) -> String {
        guard let first = field.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return field }
        return "'" + field
    }
}
