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

        /// A row.
        public init(track: String, label: String?, note: String?, line: Int) {
            self.track = track
            self.label = label
            self.note = note
            self.line = line
        }
    }

    /// The file's path.
    public let path: String
    /// Its rows, in file order.
    public let rows: [Row]

    /// A file's rows.
    public init(path: String, rows: [Row]) {
        self.path = path
        self.rows = rows
    }
}
