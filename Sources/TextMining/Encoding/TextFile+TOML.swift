extension TextFile {
    /// A TOML document (a keyword map, a users file) read as UTF-8, refusing first what makes
    /// TOMLKit's parser (toml++ 3) assert, and so abort the process, instead of reporting an error:
    ///
    /// - the control characters TOML forbids everywhere (U+0000–U+001F and U+007F except tab,
    ///   line feed and carriage return);
    /// - a line opening with `[` or `[[` whose next character after blanks cannot start a key
    ///   (`[.a]`, `[=]`). Such a line is never valid TOML outside a multi-line string or a nested
    ///   array, neither of which our files use.
    ///
    /// Errors name the line and column.
    public static func readTOML(path: String, limit: Int = configurationLimit) throws(TextMiningError) -> String {
        let text = try readUTF8(path: path, limit: limit)
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            func refuse(at offset: Int, _ message: String) -> TextMiningError {
                TextMiningError(.malformedEntry, file: path, line: index + 1, "column \(offset + 1): \(message)")
            }
            var scalars = Array(line.unicodeScalars)
            if scalars.last == "\r" { scalars.removeLast() }
            if let offset = scalars.firstIndex(where: \.isForbiddenInTOML) {
                throw refuse(
                    at: offset, "control character \(scalars[offset].code); TOML allows none but tab and line ends")
            }
            guard let open = scalars.firstIndex(where: { $0 != " " && $0 != "\t" }), scalars[open] == "[" else {
                continue
            }
            var next = open + 1
            if next < scalars.count && scalars[next] == "[" { next += 1 }
            while next < scalars.count && (scalars[next] == " " || scalars[next] == "\t") { next += 1 }
            if next == scalars.count || !scalars[next].canStartTableKey {
                let found = next == scalars.count ? "the line ends" : "'\(scalars[next])' follows"
                throw refuse(at: open, "a table header needs a key after '[', but \(found)")
            }
        }
        return text
    }
}

extension Unicode.Scalar {
    fileprivate var isForbiddenInTOML: Bool {
        (value < 0x20 && self != "\t" && self != "\r") || value == 0x7F
    }

    /// A bare-key character, a quote, or the `]` of an empty header (which TOMLKit reports itself).
    fileprivate var canStartTableKey: Bool {
        ("a"..."z").contains(self) || ("A"..."Z").contains(self) || ("0"..."9").contains(self)
            || "_-\"']".unicodeScalars.contains(self)
    }

    fileprivate var code: String {
        let hex = String(value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
