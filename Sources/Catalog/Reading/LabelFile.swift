import TextMining

/// A CSV (or TSV) of per-track labels, as curators and other teams hand them over:
///
/// ```
/// track_id,label,note
/// T0000042,ballad,slow piano intro; not pops
/// T0000043,,no genre fits
/// ```
///
/// The header names the track column (`track_id`, `id` or `track`) and the label column (`label`
/// or `class`); `note` is optional. A track on several rows gets several labels; an empty label
/// means "no label".
public struct LabelFile: Sendable {
    /// One row.
    public struct Row: Sendable, Equatable {
        /// The catalogue's id for the track.
        public var track: String
        /// The label, or `nil` for "no label".
        public var label: String?
        /// The row's note.
        public var note: String?
        /// The row's line in the file.
        public var line: Int
    }

    /// The file's path.
    public let path: String
    /// Its rows, in file order.
    public let rows: [Row]

    /// Reads the file (any encoding Tagmine reads: UTF-8, CP932, UTF-16; comma or tab separated).
    public init(path: String) throws(CatalogError) {
        self.path = path
        let delimiter: UInt8 = path.lowercased().hasSuffix(".tsv") ? 0x09 : 0x2C
        var reader = try CSVReader(path: path, encoding: .auto, delimiter: delimiter)
        guard let header = try reader.next() else {
            throw CatalogError(.missingColumn, file: path, "the file is empty; it needs a header: track_id,label")
        }
        let names = header.fields.map { TextNormalizer.normalize($0).trimmingWhitespaceScalars() }
        func column(_ candidates: [String]) -> Int? { names.firstIndex(where: candidates.contains) }
        guard let trackColumn = column(["track_id", "id", "track"]), let labelColumn = column(["label", "class"]) else {
            throw CatalogError(
                .missingColumn, file: path, line: header.line,
                "the header needs a track column (track_id) and a label column (label); it has \(header.fields)")
        }
        let noteColumn = column(["note"])
        var rows: [Row] = []
        while let record = try reader.next() {
            func field(_ index: Int) -> String {
                index < record.fields.count ? record.fields[index].trimmingWhitespaceScalars() : ""
            }
            let track = field(trackColumn)
            guard !track.isEmpty else {
                throw CatalogError(
                    .emptyID, file: path, line: record.line, column: trackColumn + 1, "the track id is empty")
            }
            let label = field(labelColumn), note = noteColumn.map(field) ?? ""
            rows.append(
                Row(
                    track: track, label: label.isEmpty ? nil : label, note: note.isEmpty ? nil : note, line: record.line
                ))
        }
        self.rows = rows
    }
}
