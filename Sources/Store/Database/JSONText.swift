import Records

/// Minimal JSON writing for the text columns the store keeps as JSON (attributes), fast enough to
/// run once per imported track: bytes out, only quotes, backslashes and control characters escaped.
enum JSONText {
    /// A JSON object of the attributes' names and values in order; later duplicate names are kept,
    /// as JSON allows.
    static func appendObject(_ attributes: [Attribute], to out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        for (index, attribute) in attributes.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            appendString(attribute.name, to: &out)
            out.append(UInt8(ascii: ":"))
            appendString(attribute.value, to: &out)
        }
        out.append(UInt8(ascii: "}"))
    }

    static func appendString(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case UInt8(ascii: "\n"): out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case UInt8(ascii: "\r"): out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case UInt8(ascii: "\t"): out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0..<0x20:
                let digits = Array("0123456789abcdef".utf8)
                out += [
                    UInt8(ascii: "\\"), UInt8(ascii: "u"), 0x30, 0x30, digits[Int(byte >> 4)], digits[Int(byte & 15)],
                ]
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}

extension Store {
    /// The SQLite JSON path of attribute `column` (quoted, so any column name works).
    static func attributePath(_ column: String) -> String {
        var path = Array("$.".utf8)
        JSONText.appendString(column, to: &path)
        return String(decoding: path, as: UTF8.self)
    }
}
