/// A dense row-major float32 matrix: a log-mel spectrogram (`mels × frames`, librosa's layout) or
/// a clip-level vector (`1 × n`).
public struct FeatureMatrix: Sendable, Equatable {
    /// Number of rows.
    public var rows: Int
    /// Number of columns.
    public var columns: Int
    /// `rows × columns` values, row after row.
    public var values: [Float]

    /// Creates a matrix; `values.count` must be `rows × columns`.
    public init(rows: Int, columns: Int, values: [Float]) {
        precondition(values.count == rows * columns, "a \(rows) × \(columns) matrix needs \(rows * columns) values")
        self.rows = rows
        self.columns = columns
        self.values = values
    }

    /// Row `index` as a slice.
    public subscript(row index: Int) -> ArraySlice<Float> {
        values[(index * columns)..<((index + 1) * columns)]
    }
}
