public import Foundation
public import TextMining

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

    /// `text` in `encoding` (UTF-8 or CP932) for a CSV file at `path`, or an error naming the file
    /// when the text has characters CP932 cannot hold.
    public static func encode(_ text: String, as encoding: TextEncoding, path: String) throws -> Data {
        let foundationEncoding: String.Encoding = encoding == .cp932 ? .shiftJIS : .utf8
        guard let data = text.data(using: foundationEncoding) else {
            throw CatalogError(
                .invalidEncoding, file: path, "the generated text cannot be written as \(encoding.rawValue)")
        }
        return data
    }
}
