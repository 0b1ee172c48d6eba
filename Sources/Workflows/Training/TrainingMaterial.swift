import AudioFeatures
import Learning
import Store

/// Labeled tracks with features, as training data, and those without (with why).
struct TrainingMaterial: Sendable {
    var tracks: [Int64]
    var data: LabeledData
    var skipped: [(Int64, String)]

    /// The training data in `rows` for `set`: one vector (or matrix) per track, of the shape most
    /// tracks have; with `anyLength`, spectrograms of the most common band count and any length,
    /// padded at the end to the longest (``LabeledData/frames`` keeps each one's own).
    ///
    /// A track without features is skipped with its recorded failure; one of another shape is
    /// skipped, unless such tracks are most of them (then nothing is trained); a non-finite value
    /// refuses the whole training, naming the tracks.
    init(_ rows: [TrainingRow], set: LabelSet, spec: ExtractorSpec, anyLength: Bool = false) throws {
        try self.init(rows, classes: set.classes, spec: spec, anyLength: anyLength)
    }

    /// The same for rows whose classes are among `classes`.
    init(_ rows: [TrainingRow], classes: [String], spec: ExtractorSpec, anyLength: Bool = false) throws {
        let index = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, $0) })
        // The shape most tracks have is the extractor's: one stray row must not decide it.
        var shapes: [Shape: Int] = [:]
        for row in rows {
            if let matrix = row.features { shapes[Shape(matrix, anyLength: anyLength), default: 0] += 1 }
        }
        let shape = shapes.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key ?? Shape(rows: 1, columns: 0)
        var tracks: [Int64] = [], labels: [[Int]] = [], matrices: [FeatureMatrix] = []
        var skipped: [(Int64, String)] = [], misshapen: [String] = [], nonFinite: [String] = []
        for row in rows {
            guard let matrix = row.features else {
                skipped.append((row.trackID, row.failure ?? "no \(spec.name) features; run `tagmine features`"))
                continue
            }
            guard Shape(matrix, anyLength: anyLength) == shape else {
                let found = Shape(matrix, anyLength: anyLength)
                skipped.append((row.trackID, "\(found) feature values where the others have \(shape)"))
                misshapen.append(row.catalogueID)
                continue
            }
            guard matrix.values.allSatisfy(\.isFinite) else {
                nonFinite.append(row.catalogueID)
                continue
            }
            tracks.append(row.trackID)
            labels.append(row.classes.compactMap { index[$0] }.sorted())
            matrices.append(matrix)
        }
        if !nonFinite.isEmpty {
            throw StoreError(
                .invalidRequest,
                "\(nonFinite.count) tracks have non-finite \(spec.name) features (NaN or infinity): "
                    + Self.sample(nonFinite)
                    + "; touch their audio files and run `tagmine features` to extract them again")
        }
        if !misshapen.isEmpty && misshapen.count >= tracks.count {
            throw StoreError(
                .invalidRequest,
                "\(misshapen.count) of \(misshapen.count + tracks.count) tracks have \(spec.name) features of "
                    + "another width than the rest (\(Self.sample(misshapen))); no run was stored. "
                    + "Touch their audio files and run `tagmine features` to extract them again")
        }
        self.tracks = tracks
        self.skipped = skipped
        let width = anyLength ? (matrices.map(\.columns).max() ?? 0) : (shape.columns ?? 0)
        var features: [Float] = []
        features.reserveCapacity(matrices.count * shape.rows * width)
        for matrix in matrices {
            if matrix.columns == width {
                features += matrix.values
                continue
            }
            for band in 0..<matrix.rows {
                features += matrix[row: band]
                features += repeatElement(0, count: width - matrix.columns)
            }
        }
        data = LabeledData(
            features: features, rows: tracks.count, columns: shape.rows * width,
            sampleShape: shape.rows == 1 && !anyLength ? [width] : [shape.rows, width], classes: classes,
            labels: labels, multiLabel: labels.contains { $0.count > 1 },
            frames: anyLength ? matrices.map(\.columns) : nil)
    }

    /// A feature matrix's shape; a vector's is its width alone, a spectrogram of any length its bands.
    private struct Shape: Hashable, Comparable, CustomStringConvertible {
        var rows: Int
        /// `nil` when any length will do.
        var columns: Int?

        init(rows: Int, columns: Int?) {
            self.rows = rows
            self.columns = columns
        }

        init(_ matrix: FeatureMatrix, anyLength: Bool) {
            self.init(rows: matrix.rows, columns: anyLength ? nil : matrix.columns)
        }

        static func < (lhs: Shape, rhs: Shape) -> Bool {
            (lhs.rows, lhs.columns ?? 0) < (rhs.rows, rhs.columns ?? 0)
        }

        var description: String {
            guard let columns else { return "\(rows) bands × any frames" }
            return rows == 1 ? "\(columns)" : "\(rows) × \(columns)"
        }
    }

    /// The first few of `ids`, quoted, for an error message.
    private static func sample(_ ids: [String]) -> String {
        ids.prefix(5).map { "'\($0)'" }.joined(separator: ", ") + (ids.count > 5 ? ", …" : "")
    }
}
