/// Plain-text tables whose columns line up with Japanese text, which takes two columns a character.
///
/// Cells come from catalogues: control characters in them are shown escaped (`\u{1B}`), so a track
/// title cannot move the cursor, recolour or retitle the user's terminal.
struct Table {
    var header: [String]
    var rows: [[String]] = []
    /// Indexes of columns aligned to the right (numbers).
    var rightAligned: Set<Int> = []

    func render() -> String {
        let all = ([header] + rows).map { $0.map(Self.visible) }
        let widths = header.indices.map { column in all.map { Self.width(of: $0[column]) }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - Self.width(of: cell))
                return rightAligned.contains(column) ? padding + cell : cell + padding
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }.joined(separator: "\n")
    }

    /// `text` with C0 and C1 control characters and DEL written as Swift escapes (`\u{1B}`).
    static func visible(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var escaped = ""
        for scalar in text.unicodeScalars {
            if isControl(scalar) {
                escaped += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    /// Terminal columns `text` takes: East Asian wide and full-width characters count two.
    static func width(of text: String) -> Int {
        text.unicodeScalars.reduce(0) { total, scalar in
            switch scalar.value {
            case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
                0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
                0xFFE0...0xFFE6, 0x20000...0x3FFFD:
                total + 2
            default:
                total + (scalar.properties.generalCategory == .nonspacingMark ? 0 : 1)
            }
        }
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var copy = self
        while copy.last == " " { copy.removeLast() }
        return copy
    }
}
