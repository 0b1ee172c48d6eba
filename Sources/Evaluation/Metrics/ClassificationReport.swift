import Foundation

/// What a metric is when its denominator is zero (scikit-learn's `zero_division`).
public enum ZeroDivision: String, Sendable, CaseIterable, Codable {
    /// 0 (scikit-learn's default `"warn"` gives 0 and warns).
    case zero = "0"
    /// 1.
    case one = "1"
    /// NaN, which averages then skip.
    case nan

    var value: Double {
        switch self {
        case .zero: return 0
        case .one: return 1
        case .nan: return .nan
        }
    }
}

/// Per-class precision, recall, F1 and support with accuracy and averages, computed exactly as
/// scikit-learn's `classification_report` (and `precision_recall_fscore_support`) computes them.
public struct ClassificationReport: Sendable, Equatable, Codable {
    /// One row of the report.
    public struct Row: Sendable, Equatable, Codable {
        public var name: String
        public var precision: Double
        public var recall: Double
        public var f1: Double
        public var support: Int
    }

    /// One row per reported class, in order.
    public var classes: [Row]
    /// The accuracy, when the report covers every class that occurs; otherwise `nil` and ``micro`` is set.
    public var accuracy: Double?
    /// Micro averages, when the report covers only some of the classes that occur.
    public var micro: Row?
    /// Unweighted means over the classes (NaNs skipped).
    public var macro: Row
    /// Means weighted by support (NaNs skipped).
    public var weighted: Row

    /// The report of `predicted` against `truth` (class indices) for `labels` (default: every class
    /// that occurs in either, ascending), named by `names[label]`.
    public init(
        truth: [Int], predicted: [Int], names: [String], labels: [Int]? = nil, zeroDivision: ZeroDivision = .zero
    ) {
        let occurring = Set(truth).union(predicted)
        let reported = labels ?? occurring.sorted()
        let matrix = ConfusionMatrix(truth: truth, predicted: predicted, labels: reported)
        let tp = reported.indices.map { matrix.counts[$0][$0] }
        // Support counts every true label of the class, including those predicted outside `labels`.
        var trueSums = [Int](repeating: 0, count: reported.count)
        let position = Dictionary(uniqueKeysWithValues: reported.enumerated().map { ($1, $0) })
        for actual in truth { if let index = position[actual] { trueSums[index] += 1 } }
        // Likewise a prediction of a reported class counts whatever the true class was.
        var guessSums = [Int](repeating: 0, count: reported.count)
        for guess in predicted { if let index = position[guess] { guessSums[index] += 1 } }

        let zero = zeroDivision.value
        func divide(_ numerator: Double, _ denominator: Double) -> Double {
            denominator == 0 ? zero : numerator / denominator
        }
        let rows = reported.indices.map { i in
            Row(
                name: names.indices.contains(reported[i]) ? names[reported[i]] : "\(reported[i])",
                precision: divide(Double(tp[i]), Double(guessSums[i])),
                recall: divide(Double(tp[i]), Double(trueSums[i])),
                f1: divide(2 * Double(tp[i]), Double(trueSums[i] + guessSums[i])),
                support: trueSums[i])
        }
        classes = rows
        let support = trueSums.reduce(0, +)
        let tpTotal = Double(tp.reduce(0, +))
        let microRow = Row(
            name: "micro avg", precision: divide(tpTotal, Double(guessSums.reduce(0, +))),
            recall: divide(tpTotal, Double(support)),
            f1: divide(2 * tpTotal, Double(support + guessSums.reduce(0, +))), support: support)
        if labels == nil || Set(reported).isSuperset(of: occurring) {
            accuracy = microRow.precision
            micro = nil
        } else {
            accuracy = nil
            micro = microRow
        }
        func average(_ metric: KeyPath<Row, Double>, weighted: Bool) -> Double {
            Self.nanAverage(rows.map { $0[keyPath: metric] }, weights: weighted ? trueSums.map(Double.init) : nil)
        }
        macro = Row(
            name: "macro avg", precision: average(\.precision, weighted: false),
            recall: average(\.recall, weighted: false), f1: average(\.f1, weighted: false), support: support)
        weighted = Row(
            name: "weighted avg", precision: average(\.precision, weighted: true),
            recall: average(\.recall, weighted: true), f1: average(\.f1, weighted: true), support: support)
    }

    /// scikit-learn's `_nanaverage`: the (weighted) mean of the non-NaN values; NaN when there are
    /// none; the plain mean when every remaining weight is zero.
    static func nanAverage(_ values: [Double], weights: [Double]?) -> Double {
        let kept = values.indices.filter { !values[$0].isNaN }
        guard !kept.isEmpty else { return .nan }
        guard let weights else { return kept.reduce(0) { $0 + values[$1] } / Double(kept.count) }
        let total = kept.reduce(0) { $0 + weights[$1] }
        guard total != 0 else { return kept.reduce(0) { $0 + values[$1] } / Double(kept.count) }
        return kept.reduce(0) { $0 + values[$1] * weights[$1] } / total
    }

    /// The report as scikit-learn prints it (`classification_report(..., digits=digits)`), byte for byte.
    public func text(digits: Int = 2) -> String {
        Self.render(
            classes: classes, accuracy: accuracy, averages: [micro].compactMap { $0 } + [macro, weighted],
            digits: digits)
    }

    /// scikit-learn's layout: a header, the class rows, then the accuracy row (if any) and the average rows.
    static func render(classes: [Row], accuracy: Double?, averages: [Row], digits: Int) -> String {
        let width = max(classes.map { $0.name.unicodeScalars.count }.max() ?? 0, "weighted avg".count, digits)
        func right(_ text: String, _ width: Int) -> String {
            String(repeating: " ", count: max(0, width - text.unicodeScalars.count)) + text
        }
        func number(_ value: Double) -> String { right(String(format: "%.\(digits)f", value), 9) }
        func line(_ row: Row) -> String {
            right(row.name, width) + " " + [row.precision, row.recall, row.f1].map { " " + number($0) }.joined()
                + " " + right("\(row.support)", 9) + "\n"
        }
        var text =
            right("", width) + " " + ["precision", "recall", "f1-score", "support"].map { " " + right($0, 9) }.joined()
        text += "\n\n"
        for row in classes { text += line(row) }
        text += "\n"
        if let accuracy {
            let support = averages.last?.support ?? 0
            text +=
                right("accuracy", width) + " " + " " + right("", 9) + " " + right("", 9) + " " + number(accuracy)
                + " " + right("\(support)", 9) + "\n"
        }
        for row in averages { text += line(row) }
        return text
    }
}
