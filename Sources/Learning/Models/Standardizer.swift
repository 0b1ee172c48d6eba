/// Per-feature standardisation `(x − mean) / scale`, fitted on training rows only.
public struct Standardizer: Sendable, Equatable {
    /// Per-feature means.
    public var mean: [Float]
    /// Per-feature standard deviations (population), 1 where a feature is constant: where its
    /// deviation is below 1e-6 of its magnitude (or of 1, for features smaller than 1).
    public var scale: [Float]

    /// Fits on `rows` rows of `columns` values (scikit-learn's `StandardScaler`).
    public init(fitting values: [Float], rows: Int, columns: Int) {
        var mean = [Double](repeating: 0, count: columns), square = [Double](repeating: 0, count: columns)
        for row in 0..<rows {
            for column in 0..<columns { mean[column] += Double(values[row * columns + column]) }
        }
        for column in 0..<columns { mean[column] /= Double(max(1, rows)) }
        for row in 0..<rows {
            for column in 0..<columns {
                let d = Double(values[row * columns + column]) - mean[column]
                square[column] += d * d
            }
        }
        self.mean = mean.map(Float.init)
        scale = zip(square, mean).map { sum, mean in
            let std = (sum / Double(max(1, rows))).squareRoot()
            return std > Self.constantDeviation * max(1, abs(mean)) ? Float(std) : 1
        }
    }

    /// Float32 arithmetic leaves noise of about this relative size in values meant to be equal
    /// (a dead ReLU channel after batch normalisation gives a constant ±2e-6 whose deviation over
    /// tracks is 1e-10); dividing by it would blow any later change of such a feature up
    /// millions of times.
    static let constantDeviation = 1e-6

    /// Creates one from stored values.
    public init(mean: [Float], scale: [Float]) {
        self.mean = mean
        self.scale = scale
    }

    /// `values` (rows of `mean.count`) standardised.
    public func transform(_ values: [Float]) -> [Float] {
        let columns = mean.count
        var out = values
        for i in out.indices {
            let column = i % columns
            out[i] = (out[i] - mean[column]) / scale[column]
        }
        return out
    }
}
