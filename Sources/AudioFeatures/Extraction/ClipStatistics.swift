/// Pools a `bands × frames` matrix into one clip vector.
enum ClipStatistics {
    /// `[mean, std]` of every band, then `[mean, std]` of every band's first difference along time
    /// (`x[t+1] − x[t]`), as `1 × 4·bands`: `mean₀ … meanₙ, std₀ … stdₙ, Δmean₀ … Δmeanₙ, Δstd₀ … Δstdₙ`.
    /// Standard deviations are population ones (numpy's `ddof=0`); a one-frame clip has zero differences.
    static func of(_ matrix: FeatureMatrix) -> FeatureMatrix {
        let bands = matrix.rows
        var vector = [Float](repeating: 0, count: 4 * bands)
        for band in 0..<bands {
            let row = matrix[row: band]
            let (mean, std) = moments(row.indices.map { Double(row[$0]) })
            let deltas = row.indices.dropLast().map { Double(row[$0 + 1]) - Double(row[$0]) }
            let (deltaMean, deltaStd) = moments(deltas)
            vector[band] = Float(mean)
            vector[bands + band] = Float(std)
            vector[2 * bands + band] = Float(deltaMean)
            vector[3 * bands + band] = Float(deltaStd)
        }
        return FeatureMatrix(rows: 1, columns: 4 * bands, values: vector)
    }

    private static func moments(_ values: [Double]) -> (mean: Double, std: Double) {
        guard !values.isEmpty else { return (0, 0) }
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
        return (mean, variance.squareRoot())
    }
}
