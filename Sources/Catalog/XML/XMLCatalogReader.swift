public import TextMining

/// Reads track records from an XML catalogue: an iTunes / Music `Library.xml`, a rekordbox
/// collection, or any XML through a record XPath and field XPaths.
///
/// ```swift
/// var options = CatalogOptions()
/// options.recordPath = "//track"
/// options.fieldPaths = [("id", "@id"), ("path", "file"), ("tags", "tags/tag")]
/// var reader = try XMLCatalogReader(path: "catalogue.xml", format: .xml, options: options)
/// ```
public struct XMLCatalogReader: CatalogReader {
    public let format: CatalogFormat
    public var encoding: TextEncoding? { nil }
    private let stream: XMLStream
    private let extraction: Extraction
    private var splitter: TagSplitter
    private let resolver: AudioPathResolver
    private let maximumTags: Int

    /// How fields are pulled out of a record element.
    private enum Extraction {
        /// Field name and compiled XPath, for generic XML.
        case xpaths([(name: String, expression: XPathExpression)])
        /// rekordbox: one attribute per field on the TRACK element.
        case attributes
        /// iTunes plist: `<key>` elements each followed by their value element.
        case plistDictionary
    }

    /// Opens `path`. For ``CatalogFormat/xml`` the options must give a record path and an `id` field.
    public init(path: String, format: CatalogFormat, options: CatalogOptions) throws(CatalogError) {
        self.format = format
        let recordPath: String
        switch format {
        case .itunes:
            recordPath = "/plist/dict/dict/dict"
            extraction = .plistDictionary
        case .rekordbox:
            recordPath = "/DJ_PLAYLISTS/COLLECTION/TRACK"
            extraction = .attributes
        default:
            guard let given = options.recordPath else {
                throw CatalogError(
                    .invalidMapping, file: path, "no record path for a generic XML catalogue",
                    hint: "Pass --record XPATH (e.g. //track) and --field id=XPATH, or --format itunes|rekordbox")
            }
            guard options.fieldPaths.contains(where: { $0.name == TrackField.id.rawValue }) else {
                throw CatalogError(
                    .missingColumn, file: path, "no XPath for the track id",
                    hint: "Pass --field id=XPATH, e.g. --field id=@id")
            }
            recordPath = given
            var compiled: [(String, XPathExpression)] = []
            for (name, xpath) in options.fieldPaths {
                compiled.append((name, try XPathExpression(xpath, file: path)))
            }
            extraction = .xpaths(compiled)
        }
        stream = try XMLStream(path: path, recordPath: recordPath)
        splitter = TagSplitter(delimiters: options.tagDelimiters)
        resolver = AudioPathResolver(root: options.audioRoot ?? CatalogFile.folder(of: path))
        maximumTags = options.maximumTags
    }

    public mutating func next() throws(CatalogError) -> TrackRecord? {
        guard let element = try stream.nextRecord() else { return nil }
        let values: [(key: String, value: String)]
        let fieldFor: (String) -> TrackField?
        switch extraction {
        case .xpaths(let expressions):
            values = expressions.flatMap { name, expression in
                stream.evaluate(expression, at: element).map { (name, $0) }
            }
            fieldFor = { TrackField(rawValue: $0) }
        case .attributes:
            values = element.attributes.map { ($0.name, $0.value) }
            fieldFor = Self.rekordboxFields
        case .plistDictionary:
            values = Self.plistPairs(element)
            fieldFor = Self.itunesFields
        }
        return try record(from: values, fieldFor: fieldFor, line: element.line)
    }

    private mutating func record(
        from values: [(key: String, value: String)], fieldFor: (String) -> TrackField?, line: Int
    ) throws(CatalogError) -> TrackRecord {
        var record = TrackRecord(catalogueID: "", line: line)
        var seenTags: Set<String> = []
        for (key, value) in values where !value.isEmpty {
            switch fieldFor(key) {
            case .id: if record.catalogueID.isEmpty { record.catalogueID = value.trimmingWhitespaceScalars() }
            case .path: record.audioPath = record.audioPath ?? resolver.resolve(value)
            case .title: record.title = record.title ?? value
            case .description: record.description = record.description ?? value
            case .artist: record.artist = record.artist ?? value
            case .album: record.album = record.album ?? value
            case .tags:
                for tag in splitter.tags(in: value, limit: maximumTags) where seenTags.insert(tag.name).inserted {
                    record.tags.append(tag)
                }
                if record.tags.count > maximumTags {
                    throw .tooManyTags(file: stream.path, line: line, column: nil, limit: maximumTags)
                }
            case nil: record.attributes.append(Attribute(name: key, value: value))
            }
        }
        if record.catalogueID.isEmpty {
            throw CatalogError(
                .emptyID, file: stream.path, line: line, "record has no track id",
                hint: "Every record needs an id; check the id mapping or the record")
        }
        return record
    }

    /// The key / value pairs of an iTunes track `<dict>`; boolean values are the element names.
    private static func plistPairs(_ dictionary: XMLElement) -> [(key: String, value: String)] {
        var pairs: [(String, String)] = []
        var key: String?
        for child in dictionary.children {
            if child.name == "key" {
                key = child.text
            } else if let pendingKey = key {
                let value = child.name == "true" || child.name == "false" ? child.name : child.text
                pairs.append((pendingKey, value))
                key = nil
            }
        }
        return pairs
    }

    private static func itunesFields(_ key: String) -> TrackField? {
        switch key {
        case "Track ID": .id
        case "Location": .path
        case "Name": .title
        case "Comments": .description
        case "Genre", "Grouping": .tags
        case "Artist": .artist
        case "Album": .album
        default: nil
        }
    }

    private static func rekordboxFields(_ key: String) -> TrackField? {
        switch key {
        case "TrackID": .id
        case "Location": .path
        case "Name": .title
        case "Comments": .description
        case "Genre": .tags
        case "Artist": .artist
        case "Album": .album
        default: nil
        }
    }
}
