import Glibc
public import TextMining

/// A streaming RFC 4180 reader: quoted fields, doubled quotes, delimiters and line breaks inside
/// quotes, CRLF / LF / CR line ends, in any ``TextEncoding``.
///
/// Memory is bounded by the largest record (``maximumRecordBytes``), not by the file.
///
/// ```swift
/// var reader = try CSVReader(path: "tags.csv", encoding: .auto, delimiter: UInt8(ascii: ","))
/// while let record = try reader.next() { print(record.line, record.fields) }
/// ```
public struct CSVReader {
    /// One record: its fields and the line it starts on.
    public struct Record: Sendable, Equatable {
        /// The fields, unquoted and unescaped.
        public var fields: [String]
        /// The 1-based line the record starts on.
        public var line: Int
    }

    /// The path, as given.
    public var path: String { file.path }
    /// The encoding in force (resolved when the reader was created with `.auto`).
    public var encoding: TextEncoding { file.encoding }
    /// How the encoding was decided, when that may be wrong.
    public var encodingWarning: CatalogWarning? {
        file.detectionWarning.map { CatalogWarning(file: path, $0) }
    }
    /// The field delimiter byte.
    public let delimiter: UInt8
    /// The largest record accepted, in bytes of UTF-8.
    public let maximumRecordBytes: Int

    private let file: TextFile
    private var buffer: [UInt8] = []
    private var position = 0
    private var line = 1

    /// Opens `path` for reading.
    public init(
        path: String, encoding: TextEncoding, delimiter: UInt8, maximumRecordBytes: Int = 64 << 20
    ) throws(CatalogError) {
        do { self.file = try TextFile(path: path, encoding: encoding) } catch { throw CatalogError(error) }
        self.delimiter = delimiter
        self.maximumRecordBytes = maximumRecordBytes
    }

    /// Returns the next non-blank record, or `nil` at the end of the file.
    public mutating func next() throws(CatalogError) -> Record? {
        while true {
            switch try parseRecord() {
            case .record(let record):
                if record.fields.count == 1 && record.fields[0].isEmpty { continue }
                return record
            case .end:
                return nil
            case .needMore:
                try refill()
            }
        }
    }

    private enum Step {
        case record(Record)
        case needMore
        case end
    }

    private mutating func refill() throws(CatalogError) {
        if position > 0 {
            buffer.removeSubrange(..<position)
            position = 0
        }
        if buffer.count > maximumRecordBytes {
            throw CatalogError(
                .recordTooLarge, file: path, line: line,
                "record is larger than \(maximumRecordBytes >> 20) MiB",
                hint: "A quote is probably never closed; check the quoting from this line on")
        }
        do { try file.readChunk(into: &buffer) } catch { throw CatalogError(error) }
    }

    private mutating func parseRecord() throws(CatalogError) -> Step {
        let eof = file.atEnd
        let quote = UInt8(ascii: "\""), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        let delimiter = self.delimiter
        let startLine = line
        let path = self.path
        let encoding = file.encoding, detected = file.detected

        let outcome: Result<(Step, consumed: Int, lines: Int), CatalogError> = buffer.withUnsafeBufferPointer {
            bytes in
            let end = bytes.count
            var i = position
            if i == end { return .success((eof ? .end : .needMore, 0, 0)) }
            // The file's own byte-order mark is gone by now; one here means files were joined.
            if end - i < 3 && !eof { return .success((.needMore, 0, 0)) }
            if end - i >= 3 && bytes[i] == 0xEF && bytes[i + 1] == 0xBB && bytes[i + 2] == 0xBF {
                return .failure(
                    CatalogError(
                        .malformedCSV, file: path, line: startLine,
                        "a byte-order mark (U+FEFF) starts this line, inside the file",
                        hint: "The file looks like two exports joined together; remove the mark and any repeated header"
                    ))
            }
            var fields: [String] = []
            var lines = 0

            func text(_ range: Range<Int>, unescape: Bool) -> String? {
                let slice = UnsafeBufferPointer(rebasing: bytes[range])
                // A NUL would end the text in SQLite's C API and in every C tool after it.
                if let base = slice.baseAddress, memchr(base, 0, slice.count) != nil { return nil }
                if !unescape { return String(validating: slice, as: UTF8.self) }
                var raw: [UInt8] = []
                raw.reserveCapacity(range.count)
                var k = range.lowerBound
                while k < range.upperBound {
                    raw.append(bytes[k])
                    k += bytes[k] == quote ? 2 : 1
                }
                return String(validating: raw, as: UTF8.self)
            }
            func invalidText(field: Int, line: Int, range: Range<Int>) -> CatalogError {
                if UnsafeBufferPointer(rebasing: bytes[range]).contains(0) {
                    return CatalogError(
                        .malformedCSV, file: path, line: line, column: field, "field \(field) contains a NUL byte",
                        hint: "Remove the NUL characters (\\0) from the file; no text field may hold one")
                }
                return CatalogError(
                    .invalidEncoding, file: path, line: line, column: field,
                    "field \(field) is not valid \(encoding.rawValue) text",
                    hint: detected
                        ? "The start of the file looked like \(encoding.rawValue); pass --encoding cp932 or utf-16 if it is not"
                        : "Check the file's encoding (--encoding auto|utf-8|cp932|utf-16)")
            }

            while true {
                let fieldNumber = fields.count + 1
                let fieldLine = startLine + lines
                if i < end && bytes[i] == quote {
                    let openedAt = fieldLine
                    i += 1
                    let contentStart = i
                    var escaped = false
                    var closing = -1
                    while i < end {
                        let b = bytes[i]
                        if b == quote {
                            if i + 1 < end && bytes[i + 1] == quote {
                                escaped = true
                                i += 2
                                continue
                            }
                            if i + 1 == end && !eof { return .success((.needMore, 0, 0)) }
                            closing = i
                            break
                        }
                        if b == lf { lines += 1 }
                        i += 1
                    }
                    if closing < 0 {
                        if !eof { return .success((.needMore, 0, 0)) }
                        return .failure(
                            CatalogError(
                                .malformedCSV, file: path, line: openedAt, column: fieldNumber,
                                "unterminated quoted field (opened at line \(openedAt), still open at the end of the file)",
                                hint:
                                    "Check the quoting of field \(fieldNumber): a quote inside a quoted field is written twice (\"\")"
                            ))
                    }
                    guard let value = text(contentStart..<closing, unescape: escaped) else {
                        return .failure(invalidText(field: fieldNumber, line: fieldLine, range: contentStart..<closing))
                    }
                    fields.append(value)
                    i = closing + 1
                    if i < end && bytes[i] != delimiter && bytes[i] != lf && bytes[i] != cr {
                        return .failure(
                            CatalogError(
                                .malformedCSV, file: path, line: startLine + lines, column: fieldNumber,
                                "text after the closing quote of field \(fieldNumber)",
                                hint: "Quote the whole field and double any quote inside it"))
                    }
                } else {
                    let start = i
                    while i < end {
                        let b = bytes[i]
                        if b == delimiter || b == lf || b == cr { break }
                        i += 1
                    }
                    if i == end && !eof { return .success((.needMore, 0, 0)) }
                    guard let value = text(start..<i, unescape: false) else {
                        return .failure(invalidText(field: fieldNumber, line: fieldLine, range: start..<i))
                    }
                    fields.append(value)
                }
                if i == end {
                    if !eof { return .success((.needMore, 0, 0)) }
                    break
                }
                let b = bytes[i]
                if b == delimiter {
                    i += 1
                    if i == end && eof {
                        fields.append("")
                        break
                    }
                    continue
                }
                if b == cr {
                    if i + 1 == end && !eof { return .success((.needMore, 0, 0)) }
                    i += (i + 1 < end && bytes[i + 1] == lf) ? 2 : 1
                } else {
                    i += 1
                }
                lines += 1
                break
            }
            return .success((.record(Record(fields: fields, line: startLine)), i - position, lines))
        }
        let (step, consumed, lines) = try outcome.get()
        if case .record = step {
            position += consumed
            line += lines
        }
        return step
    }
}
