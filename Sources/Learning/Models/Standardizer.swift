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
        values.withUnsafeBufferPointer { values in
            guard let values = values.baseAddress, columns > 0 else { return }
            mean.withUnsafeMutableBufferPointer { mean in
                for row in 0..<rows { Self.accumulate(values + row * columns, into: mean.baseAddress!, count: columns) }
                for column in 0..<columns { mean[column] /= Double(max(1, rows)) }
            }
            mean.withUnsafeBufferPointer { mean in
                square.withUnsafeMutableBufferPointer { square in
                    for row in 0..<rows {
                        Self.accumulate(
                            values + row * columns, into: square.baseAddress!, count: columns,
                            squaredAbout: mean.baseAddress!)
                    }
                }
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

    /// Adds one row's values (or, with `center`, their squared differences from it) to double
    /// sums, eight columns at a time.
    private static func accumulate(
        _ row: UnsafePointer<Float>, into sums: UnsafeMutablePointer<Double>, count: Int,
        squaredAbout center: UnsafePointer<Double>? = nil
    ) {
        var column = 0
        while column + 8 <= count {
            var value = SIMD8<Double>(UnsafeRawPointer(row + column).loadUnaligned(as: SIMD8<Float>.self))
            if let center {
                value -= UnsafeRawPointer(center + column).loadUnaligned(as: SIMD8<Double>.self)
                value *= value
            }
            let sum = UnsafeMutableRawPointer(sums + column)
            sum.storeBytes(of: sum.loadUnaligned(as: SIMD8<Double>.self) + value, as: SIMD8<Double>.self)
            column += 8
        }
        while column < count {
            var value = Double(row[column])
            if let center {
                value -= center[column]
                value *= value
            }
            sums[column] += value
            column += 1
        }
    }

    /// Creates one from stored values.
    public init(mean: [Float], scale: [Float]) {
        self.mean = mean
        self.scale = scale
    }

    /// `values` (rows of `mean.count`) standardised.
    public func transform(_ values: [Float]) -> [Float] {
        var out = values
        standardize(&out)
        return out
    }

    /// Standardises `values` (rows of `mean.count`) in place, sixteen columns at a time.
    public func standardize(_ values: inout [Float]) {
        let columns = mean.count
        guard columns > 0 else { return }
        values.withUnsafeMutableBufferPointer { values in
            mean.withUnsafeBufferPointer { mean in
                scale.withUnsafeBufferPointer { scale in
                    guard let x = values.baseAddress, let mean = mean.baseAddress, let scale = scale.baseAddress
                    else { return }
                    for row in 0..<(values.count / columns) {
                        let start = x + row * columns
                        var column = 0
                        while column + 16 <= columns {
                            let value = VectorLoops.load(start + column)
                            VectorLoops.store(
                                (value - VectorLoops.load(mean + column)) / VectorLoops.load(scale + column),
                                start + column)
                            column += 16
                        }
                        while column < columns {
                            start[column] = (start[column] - mean[column]) / scale[column]
                            column += 1
                        }
                    }
                }
            }
        }
    }
}
