/// Minimal JSON writing for the text columns the store keeps as JSON (attributes), fast enough to
/// run once per imported track.
enum JSONText {
    /// A JSON object with the pairs in order; later duplicate keys are kept, as JSON allows.
    static func object(_ pairs: [(String, String)]) -> String {
        if pairs.isEmpty { return "{}" }
        var out = "{"
        for (index, (key, value)) in pairs.enumerated() {
            if index > 0 { out += "," }
            appendString(key, to: &out)
            out += ":"
            appendString(value, to: &out)
        }
        out += "}"
        return out
    }

    static func appendString(_ text: String, to out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}

extension Store {
    /// The SQLite JSON path of attribute `column` (quoted, so any column name works).
    static func attributePath(_ column: String) -> String {
        var path = "$."
        JSONText.appendString(column, to: &path)
        return path
    }
}
