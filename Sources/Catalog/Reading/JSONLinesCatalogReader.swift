import Foundation
public import TextMining

/// Reads track records from a JSON Lines catalogue: one object per line,
/// `{"id": "T1", "path": "a.wav", "tags": ["rock", "live"], "artist": "Ann", "bpm": 120}`.
///
/// Keys are found like CSV headers (``TrackField/defaultHeaders``, `--column` overrides); `tags`
/// may be an array of strings or delimited text; other keys become attributes (numbers and booleans
/// as their text, arrays and objects as JSON). Blank lines are skipped.
public struct JSONLinesCatalogReader: CatalogReader {
    public let format = CatalogFormat.jsonl
    public let encoding: TextEncoding? = nil
    private let path: String
    private let file: TextFile
    private var buffer: [UInt8] = []
    private var position = 0
    private var line = 0
    private let keys: [TrackField: [String]]
    private var splitter: TagSplitter
    private let resolver: AudioPathResolver
    private let maximumTags: Int

    /// Opens `path` (UTF-8).
    public init(path: String, options: CatalogOptions) throws(CatalogError) {
        self.path = path
        do { file = try TextFile(path: path, encoding: .utf8) } catch { throw CatalogError(error) }
        var keys: [TrackField: [String]] = [:]
        for field in TrackField.allCases {
            keys[field] = options.columns.overrides[field].map { [$0] } ?? field.defaultHeaders
        }
        self.keys = keys
        splitter = TagSplitter(delimiters: options.tagDelimiters)
        resolver = AudioPathResolver(root: options.audioRoot ?? CatalogFile.folder(of: path))
        maximumTags = options.maximumTags
    }

    public mutating func next() throws(CatalogError) -> TrackRecord? {
        while let bytes = try nextLine() {
            if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            return try record(from: bytes)
        }
        return nil
    }

    private mutating func record(from bytes: ArraySlice<UInt8>) throws(CatalogError) -> TrackRecord {
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else {
            throw CatalogError(
                .malformedJSON, file: path, line: line, "the line is not a JSON object",
                hint: "Write one object per line: {\"id\": \"T1\", \"tags\": [\"rock\"]}")
        }
        var byKey: [String: (key: String, value: Any)] = [:]
        for (key, value) in object { byKey[TextNormalizer.normalize(key)] = (key, value) }
        var used: Set<String> = []
        func field(_ field: TrackField) -> Any? {
            for key in keys[field] ?? [] {
                if let found = byKey[TextNormalizer.normalize(key)] {
                    used.insert(found.key)
                    return found.value
                }
            }
            return nil
        }
        func text(_ value: Any?) -> String? {
            switch value {
            case let string as String: return string.isEmpty ? nil : string
            case let number as NSNumber: return number.stringValue
            default: return nil
            }
        }
        let id = text(field(.id))?.trimmingWhitespaceScalars() ?? ""
        guard !id.isEmpty else {
            throw CatalogError(
                .emptyID, file: path, line: line, "the object has no id",
                hint: "Give every line an \"id\" (or name its key with --column id=KEY)")
        }
        let tags: [Tag]
        switch field(.tags) {
        case let items as [Any]:
            guard let strings = items as? [String] else {
                throw CatalogError(
                    .malformedJSON, file: path, line: line, "\"tags\" holds something other than strings")
            }
            tags = splitter.tags(items: strings, limit: maximumTags)
        case let string as String: tags = splitter.tags(in: string, limit: maximumTags)
        case nil, is NSNull: tags = []
        default:
            throw CatalogError(.malformedJSON, file: path, line: line, "\"tags\" is neither a list nor text")
        }
        if tags.count > maximumTags { throw .tooManyTags(file: path, line: line, column: nil, limit: maximumTags) }
        let audio = text(field(.path)), title = text(field(.title)), description = text(field(.description))
        let artist = text(field(.artist)), album = text(field(.album))
        var attributes: [Attribute] = []
        for key in object.keys.sorted() where !used.contains(key) {
            guard let value = object[key], !(value is NSNull) else { continue }
            let rendered =
                text(value)
                ?? (try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed]))
                .map { String(decoding: $0, as: UTF8.self) }
            if let rendered { attributes.append(Attribute(name: key, value: rendered)) }
        }
        return TrackRecord(
            catalogueID: id, audioPath: audio.flatMap(resolver.resolve), title: title, description: description,
            artist: artist, album: album, tags: tags, attributes: attributes, line: line)
    }

    /// The next line's bytes (without its line break), or `nil` at the end of the file.
    private mutating func nextLine() throws(CatalogError) -> ArraySlice<UInt8>? {
        while true {
            if let end = buffer[position...].firstIndex(of: 0x0A) {
                let text = buffer[position..<end]
                position = end + 1
                line += 1
                return text
            }
            if file.atEnd {
                guard position < buffer.count else { return nil }
                let text = buffer[position...]
                position = buffer.count
                line += 1
                return text
            }
            buffer.removeFirst(position)
            position = 0
            do { try file.readChunk(into: &buffer) } catch { throw CatalogError(error) }
        }
    }
}
