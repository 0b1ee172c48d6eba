public import TextMining

/// Reads track records from a tag CSV or TSV file with a header row.
public struct CSVCatalogReader: CatalogReader {
    public let format: CatalogFormat
    public var encoding: TextEncoding? { reader.encoding }
    public var warnings: [CatalogWarning] {
        (reader.encodingWarning.map { [$0] } ?? []) + (notLists.warning(file: reader.path).map { [$0] } ?? [])
    }
    private var reader: CSVReader
    private let columns: ResolvedColumns
    private var splitter: TagSplitter
    private let resolver: AudioPathResolver
    private let maximumTags: Int
    private let tagFormat: TagFormat
    /// Whether fields past the header's last column are further tags.
    private let restIntoTags: Bool
    /// Tag cells that open with `[` but are no list, read as text.
    private var notLists = ListLookalikes()

    /// MTG-Jamendo's `autotagging.tsv` header: its TAGS column continues over the rest of the row.
    static let mtgJamendoHeader = ["track_id", "artist_id", "album_id", "path", "duration", "tags"]

    /// Opens `path` and reads its header.
    public init(path: String, format: CatalogFormat, options: CatalogOptions) throws(CatalogError) {
        self.format = format
        let delimiter = format == .tsv ? UInt8(ascii: "\t") : UInt8(ascii: ",")
        reader = try CSVReader(path: path, encoding: options.encoding, delimiter: delimiter)
        guard let header = try reader.next() else {
            throw CatalogError(.malformedCSV, file: path, line: 1, "the file is empty", hint: "Expected a header row")
        }
        columns = try options.columns.resolve(header: header.fields, file: path)
        splitter = TagSplitter(delimiters: options.tagDelimiters)
        resolver = AudioPathResolver(root: options.audioRoot ?? CatalogFile.folder(of: path))
        maximumTags = options.maximumTags
        tagFormat = options.tagFormat
        restIntoTags =
            options.restIntoTags
            ?? (header.fields.map { TextNormalizer.normalize($0) } == Self.mtgJamendoHeader)
        if restIntoTags && columns.fields[.tags] == nil {
            throw CatalogError(
                .invalidMapping, file: path, line: header.line, "--rest-into tags needs a tags column",
                hint: "Name it with --column tags=HEADER")
        }
    }

    public mutating func next() throws(CatalogError) -> TrackRecord? {
        guard let row = try reader.next() else { return nil }
        if row.fields.count > columns.count && !restIntoTags {
            throw CatalogError(
                .malformedCSV, file: reader.path, line: row.line,
                "\(row.fields.count) fields, but the header has \(columns.count)",
                hint: "Quote fields that contain the delimiter, or, when the tags continue past the last "
                    + "column, import with --rest-into tags")
        }
        func field(_ field: TrackField) -> String? {
            guard let index = columns.fields[field], index < row.fields.count else { return nil }
            let value = row.fields[index]
            return value.isEmpty ? nil : value
        }
        let id = field(.id)?.trimmingWhitespaceScalars() ?? ""
        if id.isEmpty {
            throw CatalogError(
                .emptyID, file: reader.path, line: row.line, column: columns.fields[.id].map { $0 + 1 },
                "empty track id", hint: "Every row needs an id; remove the row or give it one")
        }
        var attributes: [Attribute] = []
        for (index, name) in columns.attributes where index < row.fields.count && !row.fields[index].isEmpty {
            attributes.append(Attribute(name: name, value: row.fields[index]))
        }
        var parts: [TagSplitter.Part] = []
        if let cell = field(.tags) { parts += try tagParts(cell, line: row.line) }
        if restIntoTags && row.fields.count > columns.count {
            parts += row.fields[columns.count...].map(TagSplitter.Part.delimited)
        }
        let tags = splitter.tags(parts, limit: maximumTags)
        if tags.count > maximumTags {
            throw .tooManyTags(
                file: reader.path, line: row.line, column: columns.fields[.tags].map { $0 + 1 }, limit: maximumTags)
        }
        return TrackRecord(
            catalogueID: id,
            audioPath: field(.path).flatMap(resolver.resolve),
            title: field(.title),
            description: field(.description),
            artist: field(.artist),
            album: field(.album),
            tags: tags,
            attributes: attributes,
            line: row.line)
    }

    /// A tag cell as tag text: the items of a list-valued cell, or delimited text.
    private mutating func tagParts(_ cell: String, line: Int) throws(CatalogError) -> [TagSplitter.Part] {
        switch tagFormat {
        case .delimited:
            return [.delimited(cell)]
        case .list:
            guard let items = ListLiteral.items(in: cell) else {
                throw CatalogError(
                    .malformedList, file: reader.path, line: line, column: columns.fields[.tags].map { $0 + 1 },
                    "the tag cell is not a list of quoted strings: \(cell.prefix(60))",
                    hint: "Write it as ['a', 'b'] or [\"a\", \"b\"], or import with --tag-format auto")
            }
            return items.map(TagSplitter.Part.item)
        case .auto:
            let opening = cell.utf8.first { $0 != 0x20 && $0 != 0x09 }
            guard opening == UInt8(ascii: "[") || opening == UInt8(ascii: "(") else { return [.delimited(cell)] }
            if let items = ListLiteral.items(in: cell) { return items.map(TagSplitter.Part.item) }
            // Parentheses open ordinary tags ("(live)"); only a bracket announces a list.
            if opening == UInt8(ascii: "[") { notLists.add(line) }
            return [.delimited(cell)]
        }
    }
}

/// Tag cells that open with `[` but are no list: the first few lines, and how many there were.
struct ListLookalikes {
    private(set) var lines: [Int] = []
    private(set) var count = 0

    mutating func add(_ line: Int) {
        count += 1
        if lines.count < 10 { lines.append(line) }
    }

    /// The warning about tag cells that look like lists but are not, if there were any.
    func warning(file: String) -> CatalogWarning? {
        guard count > 0 else { return nil }
        let shown = lines.map(String.init).joined(separator: ", ") + (count > lines.count ? ", …" : "")
        return CatalogWarning(
            file: file,
            "\(count) tag cells open with '[' but are not lists of quoted strings (lines \(shown)); they were "
                + "read as delimited text. Import with --tag-format list to refuse them, or delimited to silence this")
    }
}
