/// Training data: one feature row per track and each track's class indices.
public struct LabeledData: Sendable {
    /// `rows × columns` feature values.
    public var features: [Float]
    /// Number of tracks.
    public var rows: Int
    /// Features per track.
    public var columns: Int
    /// The shape of each track's features, row-major: `[columns]` for a clip vector, `[mels, frames]`
    /// for a spectrogram. A trainer says which it takes (``ModelTrainer/inputProblem(matrices:)``).
    public var sampleShape: [Int]
    /// The class names, in output order.
    public var classes: [String]
    /// Each track's classes (indices into ``classes``): exactly one unless ``multiLabel``.
    public var labels: [[Int]]
    /// Whether a track may have several classes (sigmoid outputs) or exactly one (softmax).
    public var multiLabel: Bool
    /// For spectrograms of different lengths, padded at the end to the longest (`sampleShape`):
    /// each track's own frame count. `nil` when every track fills the shape.
    public var frames: [Int]?
    /// Each track's group, for an inner validation part that holds out whole groups (L-BFGS's:
    /// ``Trainer/fit(_:rows:seed:fold:progress:)``); cross-validation sets it to the folds.
    /// `nil`: no groups.
    public var groups: [Int]?

    /// Creates data; every row of `labels` must index `classes`. Each track's `columns` values are a
    /// vector, or a matrix of `sampleShape` (whose product is `columns`).
    public init(
        features: [Float], rows: Int, columns: Int, sampleShape: [Int]? = nil, classes: [String], labels: [[Int]],
        multiLabel: Bool, frames: [Int]? = nil
    ) {
        precondition(
            features.count == rows * columns && labels.count == rows, "one feature row and label list per track")
        precondition((sampleShape ?? [columns]).reduce(1, *) == columns, "the sample shape holds `columns` values")
        self.features = features
        self.rows = rows
        self.columns = columns
        self.sampleShape = sampleShape ?? [columns]
        self.classes = classes
        self.labels = labels
        self.multiLabel = multiLabel
        precondition(
            frames == nil || (self.sampleShape.count == 2 && frames?.count == rows), "one frame count per spectrogram")
        self.frames = frames
    }

    /// Track `row`'s own frame count: its spectrogram's width before padding.
    func frameCount(_ row: Int) -> Int { frames?[row] ?? sampleShape.last ?? columns }

    /// The features of the tracks at `indices`, row after row.
    func features(of indices: [Int]) -> [Float] {
        var out = [Float]()
        out.reserveCapacity(indices.count * columns)
        features.withUnsafeBufferPointer { features in
            for index in indices {
                out.append(
                    contentsOf: UnsafeBufferPointer(rebasing: features[(index * columns)..<((index + 1) * columns)]))
            }
        }
        return out
    }

    /// The one-hot or multi-hot targets of the tracks at `indices`.
    func targets(of indices: [Int]) -> [Float] {
        var out = [Float](repeating: 0, count: indices.count * classes.count)
        for (row, index) in indices.enumerated() {
            for label in labels[index] { out[row * classes.count + label] = 1 }
        }
        return out
    }
}
