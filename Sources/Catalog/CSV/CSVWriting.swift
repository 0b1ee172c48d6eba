public import Foundation
public import TextMining

/// One cell of a CSV row Tagmine writes.
public enum CSVCell: Sendable, Equatable, ExpressibleByStringLiteral {
    /// Text, often from a catalogue: made inert for spreadsheets, then quoted as needed.
    case text(String)
    /// A number Tagmine formatted itself: written as it is, so `-0.5` stays a number.
    case number(String)

    public init(stringLiteral value: String) { self = .text(value) }

    /// An integer cell.
    public static func integer(_ value: some BinaryInteger) -> CSVCell { .number("\(value)") }

    /// A fixed-point cell with `decimals` digits; NaN is written `nan`.
    public static func decimal(_ value: Double, decimals: Int = 6) -> CSVCell {
        .number(value.isNaN ? "nan" : String(format: "%.\(decimals)f", value))
    }
}

/// Writing CSV that ``CSVReader`` (and every spreadsheet) reads back as written: the one escaping
/// rule for every CSV Tagmine writes is ``line(_:)``.
public enum CSVWriting {
    /// One CSV line (without its line break): text cells inert and quoted, numbers as they are.
    public static func line(_ cells: [CSVCell]) -> String {
        cells.map { cell in
            switch cell {
            case .text(let text): quoted(inert(text))
            case .number(let number): number
            }
        }.joined(separator: ",")
    }

    /// One CSV line of text cells.
    public static func line(_ texts: [String]) -> String { line(texts.map(CSVCell.text)) }

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
