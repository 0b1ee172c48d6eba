public import TextMining

/// Reads track records from a tag CSV or TSV file with a header row.
public struct CSVCatalogReader: CatalogReader {
    public let format: CatalogFormat
    public var encoding: TextEncoding? { reader.encoding }
    public var warnings: [CatalogWarning] { reader.encodingWarning.map { [$0] } ?? [] }
    private var reader: CSVReader
    private let columns: ResolvedColumns
    private var splitter: TagSplitter
    private let resolver: AudioPathResolver
    private let maximumTags: Int

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
    }

    public mutating func next() throws(CatalogError) -> TrackRecord? {
        guard let row = try reader.next() else { return nil }
        if row.fields.count > columns.count {
            throw CatalogError(
                .malformedCSV, file: reader.path, line: row.line,
                "\(row.fields.count) fields, but the header has \(columns.count)",
                hint: "Quote fields that contain the delimiter")
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
        let tags = field(.tags).map { splitter.tags(in: $0, limit: maximumTags) } ?? []
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
}
