import Records

/// A batch of records read ahead, with the text each track row binds laid out in one buffer.
///
/// The reading thread builds it, attributes JSON included, so the writer binds the bytes where they
/// lie (SQLite copies nothing) and the work moves off the writer, the import's busier thread
/// (make bench-import).
struct TrackBatch {
    /// The columns of `track` a record's text fills, in binding order.
    enum Field: Int, CaseIterable {
        case catalogueID, audioPath, title, description, artist, album, attributes
    }

    /// The records, in file order.
    private(set) var records: [TrackRecord] = []
    /// Every record's fields' UTF-8, back to back.
    private var text: [UInt8] = []
    /// Per record, one span of `text` per field, `nil` for NULL.
    private var spans: [Range<Int>?] = []

    init(capacity: Int) {
        records.reserveCapacity(capacity)
        spans.reserveCapacity(capacity * Field.allCases.count)
        text.reserveCapacity(capacity * 256)
    }

    var count: Int { records.count }

    /// Adds a record and lays out its text.
    mutating func append(_ record: TrackRecord) {
        records.append(record)
        for field in Field.allCases {
            let start = text.count
            switch field {
            case .catalogueID: text += record.catalogueID.utf8
            case .audioPath: guard append(record.audioPath) else { continue }
            case .title: guard append(record.title) else { continue }
            case .description: guard append(record.description) else { continue }
            case .artist: guard append(record.artist) else { continue }
            case .album: guard append(record.album) else { continue }
            case .attributes: JSONText.appendObject(record.attributes, to: &text)
            }
            spans.append(start..<text.count)
        }
    }

    /// Appends `value`'s UTF-8 if there is one; `false` (and a NULL span) for `nil`.
    private mutating func append(_ value: String?) -> Bool {
        guard let value else {
            spans.append(nil)
            return false
        }
        text += value.utf8
        return true
    }

    /// Calls `body` with each record and a view of its text, in order; the views are valid only
    /// inside `body`.
    func forEach(_ body: (TrackRecord, BoundText) throws -> Void) rethrows {
        try text.withUnsafeBufferPointer { bytes in
            for (index, record) in records.enumerated() {
                try body(record, BoundText(bytes: bytes, spans: spans, first: index * Field.allCases.count))
            }
        }
    }
}

/// One record's text fields inside a ``TrackBatch``'s buffer.
struct BoundText {
    fileprivate let bytes: UnsafeBufferPointer<UInt8>
    fileprivate let spans: [Range<Int>?]
    fileprivate let first: Int

    /// The UTF-8 of `field`, `nil` for NULL.
    subscript(field: TrackBatch.Field) -> UnsafeBufferPointer<UInt8>? {
        spans[first + field.rawValue].map { UnsafeBufferPointer(rebasing: bytes[$0]) }
    }
}
