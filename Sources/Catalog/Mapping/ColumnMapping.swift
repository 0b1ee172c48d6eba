import TextMining

/// Which column of a tag CSV holds which track field.
///
/// Headers are matched after ``TextNormalizer`` normalisation, so `Track ID`, `TRACK_ID` and
/// `ｔｒａｃｋ＿ｉｄ` all find `track_id`. An explicit mapping (`--column id=曲番号`) wins over the
/// defaults in ``TrackField/defaultHeaders``.
public struct ColumnMapping: Sendable, Equatable {
    /// Explicit header names, by field.
    public var overrides: [TrackField: String]

    /// Creates a mapping with the given explicit header names.
    public init(overrides: [TrackField: String] = [:]) {
        self.overrides = overrides
    }

    /// Parses `field=Header` assignments, as given on the command line.
    public init(assignments: [String]) throws(CatalogError) {
        var overrides: [TrackField: String] = [:]
        for assignment in assignments {
            let parts = assignment.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let field = TrackField(rawValue: parts[0].lowercased()), !parts[1].isEmpty else {
                let names = TrackField.allCases.map(\.rawValue).joined(separator: ", ")
                throw CatalogError(
                    .invalidMapping, file: "--column", "'\(assignment)' is not FIELD=HEADER",
                    hint: "FIELD is one of \(names), e.g. --column id=曲番号")
            }
            overrides[field] = parts[1]
        }
        self.overrides = overrides
    }

    /// Column positions for each mapped field in `header`; the other columns become attributes.
    public func resolve(header: [String], file: String) throws(CatalogError) -> ResolvedColumns {
        let names = header.map { TextNormalizer.normalize($0) }
        var firstIndex: [String: Int] = [:]
        for (index, name) in names.enumerated() where !name.isEmpty {
            if let earlier = firstIndex[name] {
                throw CatalogError(
                    .duplicateColumn, file: file, line: 1, column: index + 1,
                    "column '\(header[index])' appears twice (columns \(earlier + 1) and \(index + 1))",
                    hint: "Rename one of them in the header")
            }
            firstIndex[name] = index
        }
        var fields: [TrackField: Int] = [:]
        for field in TrackField.allCases {
            if let explicit = overrides[field] {
                guard let index = firstIndex[TextNormalizer.normalize(explicit)] else {
                    throw CatalogError(
                        .missingColumn, file: file, line: 1,
                        "no column '\(explicit)' (mapped to \(field.rawValue))",
                        hint: "The header has: \(header.joined(separator: ", "))")
                }
                fields[field] = index
            } else if let index = field.defaultHeaders.lazy.compactMap({ firstIndex[$0] }).first {
                fields[field] = index
            }
        }
        if let missing = TrackField.required.first(where: { fields[$0] == nil }) {
            let expected = missing.defaultHeaders.joined(separator: "|")
            throw CatalogError(
                .missingColumn, file: file, line: 1,
                "no \(missing.rawValue) column (looked for \(expected))",
                hint:
                    "Name the column with --column \(missing.rawValue)=HEADER; the header has: \(headerListing(header))"
            )
        }
        let mapped = Set(fields.values)
        let attributes = header.indices.filter { !mapped.contains($0) }.map { index in
            (index, header[index].isEmpty ? "column_\(index + 1)" : header[index])
        }
        return ResolvedColumns(fields: fields, attributes: attributes, count: header.count)
    }
}

/// Column positions of a particular header, as resolved by ``ColumnMapping``.
public struct ResolvedColumns: Sendable, Equatable {
    /// The column index of each mapped field.
    public var fields: [TrackField: Int]
    /// The unmapped columns kept as attributes: index and name.
    public var attributes: [(index: Int, name: String)]
    /// The number of columns in the header.
    public var count: Int

    public static func == (lhs: ResolvedColumns, rhs: ResolvedColumns) -> Bool {
        lhs.fields == rhs.fields && lhs.count == rhs.count
            && lhs.attributes.elementsEqual(rhs.attributes) { $0.index == $1.index && $0.name == $1.name }
    }
}

/// The header for an error message: at most 20 columns of at most 40 characters each, control
/// characters shown as `\u{…}` escapes, so a hostile header cannot flood the terminal.
private func headerListing(_ header: [String]) -> String {
    let shown = header.prefix(20).map { column -> String in
        let visible = column.unicodeScalars.map { scalar in
            scalar.properties.generalCategory == .control ? "\\u{\(String(scalar.value, radix: 16))}" : String(scalar)
        }.joined()
        return visible.count > 40 ? String(visible.prefix(40)) + "…" : visible
    }
    let more = header.count > 20 ? " … (\(header.count) columns)" : ""
    return shown.joined(separator: ", ") + more
}
