import TextMining

extension LabelFile {
    /// Reads the file (any encoding Tagmine reads: UTF-8, CP932, UTF-16; comma or tab separated).
    public init(path: String) throws(CatalogError) {
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
        self.init(path: path, rows: rows)
    }
}
