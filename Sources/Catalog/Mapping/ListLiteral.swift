/// A tag cell written as a list: a JSON array of strings (`["low quality", "sad"]`) or a Python
/// list or tuple literal of strings (`['low quality', "it's sad"]`, `('ballad',)`), the forms pandas,
/// Hugging Face datasets and many exports write.
///
/// ```swift
/// ListLiteral.items(in: #"['low quality', 'sad, slow']"#)   // ["low quality", "sad, slow"]
/// ListLiteral.items(in: "[rock")                             // nil: not a list
/// ```
public enum ListLiteral {
    /// The strings of the list `text` holds (surrounding white space allowed), or `nil` when `text`
    /// is not a list of strings: an unquoted item, a number, a missing bracket or comma, an unknown
    /// escape.
    public static func items(in text: String) -> [String]? {
        var scanner = Scanner(Array(text.utf8))
        return scanner.list()
    }

    private struct Scanner {
        let bytes: [UInt8]
        var index = 0

        init(_ bytes: [UInt8]) {
            self.bytes = bytes
        }

        mutating func list() -> [String]? {
            skipSpace()
            guard index < bytes.count else { return nil }
            let close: UInt8
            switch bytes[index] {
            case UInt8(ascii: "["): close = UInt8(ascii: "]")
            case UInt8(ascii: "("): close = UInt8(ascii: ")")
            default: return nil
            }
            index += 1
            var items: [String] = []
            skipSpace()
            if peek == close {
                index += 1
                return atEnd() ? items : nil
            }
            while true {
                guard let item = string() else { return nil }
                items.append(item)
                skipSpace()
                guard let byte = peek else { return nil }
                index += 1
                if byte == close { return atEnd() ? items : nil }
                guard byte == UInt8(ascii: ",") else { return nil }
                skipSpace()
                // A trailing comma, as Python allows: `['a', 'b',]`, `('a',)`.
                if peek == close {
                    index += 1
                    return atEnd() ? items : nil
                }
            }
        }

        /// A quoted string with its escapes resolved.
        private mutating func string() -> String? {
            guard let quote = peek, quote == UInt8(ascii: "'") || quote == UInt8(ascii: "\"") else { return nil }
            index += 1
            var scalars = String.UnicodeScalarView()
            var run: [UInt8] = []
            func flush() {
                scalars.append(contentsOf: String(decoding: run, as: UTF8.self).unicodeScalars)
                run.removeAll(keepingCapacity: true)
            }
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                if byte == quote {
                    flush()
                    return String(scalars)
                }
                guard byte == UInt8(ascii: "\\") else {
                    run.append(byte)
                    continue
                }
                flush()
                guard let escaped = escape() else { return nil }
                scalars.append(escaped)
            }
            return nil
        }

        /// The character after a backslash: JSON's and Python's common escapes.
        private mutating func escape() -> Unicode.Scalar? {
            guard let byte = peek else { return nil }
            index += 1
            switch byte {
            case UInt8(ascii: "\\"), UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "/"):
                return Unicode.Scalar(byte)
            case UInt8(ascii: "n"): return "\n"
            case UInt8(ascii: "t"): return "\t"
            case UInt8(ascii: "r"): return "\r"
            case UInt8(ascii: "b"): return "\u{08}"
            case UInt8(ascii: "f"): return "\u{0C}"
            case UInt8(ascii: "x"): return hex(2).flatMap(Unicode.Scalar.init)
            case UInt8(ascii: "u"):
                guard let unit = hex(4) else { return nil }
                // A UTF-16 surrogate pair, as JSON writes characters beyond the BMP.
                if (0xD800..<0xDC00).contains(unit) {
                    guard bytes[index...].starts(with: Array("\\u".utf8)) else { return nil }
                    index += 2
                    guard let low = hex(4), (0xDC00..<0xE000).contains(low) else { return nil }
                    return Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
                }
                return Unicode.Scalar(unit)
            case UInt8(ascii: "U"): return hex(8).flatMap(Unicode.Scalar.init)
            default: return nil
            }
        }

        private mutating func hex(_ digits: Int) -> UInt32? {
            guard index + digits <= bytes.count else { return nil }
            var value: UInt32 = 0
            for byte in bytes[index..<(index + digits)] {
                guard let digit = Character(Unicode.Scalar(byte)).hexDigitValue else { return nil }
                value = value << 4 | UInt32(digit)
            }
            index += digits
            return value
        }

        private var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

        private mutating func skipSpace() {
            while let byte = peek, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { index += 1 }
        }

        private mutating func atEnd() -> Bool {
            skipSpace()
            return index == bytes.count
        }
    }
}
