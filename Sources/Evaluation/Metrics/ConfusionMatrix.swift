/// Counts of (true class, predicted class) pairs, as scikit-learn's `confusion_matrix` gives them:
/// rows are true classes, columns predicted ones, both in the order of ``labels``.
///
/// ```swift
/// let matrix = ConfusionMatrix(truth: [0, 1, 1], predicted: [0, 1, 0], labels: [0, 1])
/// matrix.counts                       // [[1, 0], [1, 1]]
/// matrix.normalized(.truth)           // rows sum to 1
/// ```
public struct ConfusionMatrix: Sendable, Equatable, Codable {
    /// How counts are turned into shares.
    public enum Normalization: String, Sendable, CaseIterable, Codable {
        /// Counts as they are.
        case none
        /// Each row divided by its sum (scikit-learn's `normalize="true"`): recall on the diagonal.
        case truth = "true"
        /// Each column divided by its sum (`normalize="pred"`): precision on the diagonal.
        case predicted = "pred"
        /// Every cell divided by the total (`normalize="all"`).
        case all
    }

    /// The class indices of the rows and columns, in order.
    public var labels: [Int]
    /// `counts[i][j]`: tracks of class `labels[i]` predicted as `labels[j]`.
    public var counts: [[Int]]

    /// The matrix of `truth` against `predicted` over `labels`; pairs with a class outside
    /// `labels` are not counted (as in scikit-learn).
    public init(truth: [Int], predicted: [Int], labels: [Int]) {
        precondition(truth.count == predicted.count, "one prediction per true label")
        self.labels = labels
        var position = [Int: Int]()
        for (index, label) in labels.enumerated() { position[label] = index }
        var counts = [[Int]](repeating: [Int](repeating: 0, count: labels.count), count: labels.count)
        for (actual, guess) in zip(truth, predicted) {
            if let row = position[actual], let column = position[guess] { counts[row][column] += 1 }
        }
        self.counts = counts
    }

    /// The tracks counted.
    public var total: Int { counts.reduce(0) { $0 + $1.reduce(0, +) } }

    /// The matrix as shares; a row or column with no tracks gives zeros (scikit-learn's `nan_to_num`).
    public func normalized(_ normalization: Normalization) -> [[Double]] {
        let values = counts.map { $0.map(Double.init) }
        func divided(_ value: Double, by total: Double) -> Double { total == 0 ? 0 : value / total }
        switch normalization {
        case .none: return values
        case .truth: return values.map { row in row.map { divided($0, by: row.reduce(0, +)) } }
        case .predicted:
            let columns = labels.indices.map { column in values.reduce(0) { $0 + $1[column] } }
            return values.map { row in row.indices.map { divided(row[$0], by: columns[$0]) } }
        case .all:
            let total = Double(self.total)
            return values.map { row in row.map { divided($0, by: total) } }
        }
    }
}
