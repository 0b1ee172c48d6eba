/// The report of a multi-label run, computed as scikit-learn computes it: per class precision,
/// recall, F1 and support of the scores thresholded per class (`classification_report` on
/// multi-hot arrays, with micro, macro, weighted and samples averages), and per class the
/// threshold-free ROC-AUC (`roc_auc_score`) and average precision, the area under the
/// precision–recall curve (`average_precision_score`).
public struct MultiLabelReport: Sendable, Equatable, Codable {
    /// One class: its report row, its threshold and its ranking metrics (`nil` where undefined: no
    /// positives, or for ROC-AUC no negatives).
    public struct ClassRow: Sendable, Equatable, Codable {
        public var row: ClassificationReport.Row
        public var threshold: Double
        public var rocAUC: Double?
        public var averagePrecision: Double?
    }

    /// One row per class, in order.
    public var classes: [ClassRow]
    /// Counts over every (track, class) decision.
    public var micro: ClassificationReport.Row
    /// Unweighted means over the classes (NaNs skipped).
    public var macro: ClassificationReport.Row
    /// Means weighted by each class's support.
    public var weighted: ClassificationReport.Row
    /// Means over tracks of each track's precision, recall and F1.
    public var samples: ClassificationReport.Row
    /// ROC-AUC of every (track, class) score against its label, pooled.
    public var microROCAUC: Double?
    /// Average precision of every (track, class) score, pooled.
    public var microAveragePrecision: Double?
    /// Mean ROC-AUC over the classes where it is defined.
    public var macroROCAUC: Double?
    /// Mean average precision over the classes where it is defined.
    public var macroAveragePrecision: Double?

    /// The report of `scores` (`truth.count × names.count`, row after row) against `truth` (each
    /// track's classes), a class predicted where its score reaches its threshold.
    public init(
        truth: [[Int]], scores: [Double], thresholds: [Double], names: [String], zeroDivision: ZeroDivision = .zero
    ) {
        let classes = names.count, rows = truth.count
        precondition(scores.count == rows * classes && thresholds.count == classes, "a score per track and class")
        var actual = [Bool](repeating: false, count: rows * classes)
        for (row, labels) in truth.enumerated() { for label in labels { actual[row * classes + label] = true } }
        let predicted = scores.indices.map { scores[$0] >= thresholds[$0 % classes] }
        let zero = zeroDivision.value
        func divide(_ numerator: Double, _ denominator: Double) -> Double {
            denominator == 0 ? zero : numerator / denominator
        }
        func row(_ name: String, tp: Int, truths: Int, guesses: Int) -> ClassificationReport.Row {
            ClassificationReport.Row(
                name: name, precision: divide(Double(tp), Double(guesses)), recall: divide(Double(tp), Double(truths)),
                f1: divide(2 * Double(tp), Double(truths + guesses)), support: truths)
        }
        var tp = [Int](repeating: 0, count: classes), truths = tp, guesses = tp
        var sampleMetrics: [(precision: Double, recall: Double, f1: Double)] = []
        for r in 0..<rows {
            var hits = 0, given = 0, guessed = 0
            for c in 0..<classes {
                let i = r * classes + c
                if actual[i] { truths[c] += 1; given += 1 }
                if predicted[i] { guesses[c] += 1; guessed += 1 }
                if actual[i] && predicted[i] { tp[c] += 1; hits += 1 }
            }
            let sample = row("", tp: hits, truths: given, guesses: guessed)
            sampleMetrics.append((sample.precision, sample.recall, sample.f1))
        }
        let rowsByClass = (0..<classes).map { row(names[$0], tp: tp[$0], truths: truths[$0], guesses: guesses[$0]) }
        let support = truths.reduce(0, +)
        micro = row("micro avg", tp: tp.reduce(0, +), truths: support, guesses: guesses.reduce(0, +))
        func average(_ metric: KeyPath<ClassificationReport.Row, Double>, weighted: Bool) -> Double {
            ClassificationReport.nanAverage(
                rowsByClass.map { $0[keyPath: metric] }, weights: weighted ? truths.map(Double.init) : nil)
        }
        macro = ClassificationReport.Row(
            name: "macro avg", precision: average(\.precision, weighted: false),
            recall: average(\.recall, weighted: false), f1: average(\.f1, weighted: false), support: support)
        weighted = ClassificationReport.Row(
            name: "weighted avg", precision: average(\.precision, weighted: true),
            recall: average(\.recall, weighted: true), f1: average(\.f1, weighted: true), support: support)
        samples = ClassificationReport.Row(
            name: "samples avg",
            precision: ClassificationReport.nanAverage(sampleMetrics.map(\.precision), weights: nil),
            recall: ClassificationReport.nanAverage(sampleMetrics.map(\.recall), weights: nil),
            f1: ClassificationReport.nanAverage(sampleMetrics.map(\.f1), weights: nil), support: support)

        var perClass: [ClassRow] = []
        for c in 0..<classes {
            let labels = (0..<rows).map { actual[$0 * classes + c] },
                values = (0..<rows).map { scores[$0 * classes + c] }
            perClass.append(
                ClassRow(
                    row: rowsByClass[c], threshold: thresholds[c], rocAUC: Ranking.rocAUC(values, labels),
                    averagePrecision: Ranking.averagePrecision(values, labels)))
        }
        self.classes = perClass
        microROCAUC = Ranking.rocAUC(scores, actual)
        microAveragePrecision = Ranking.averagePrecision(scores, actual)
        func mean(_ values: [Double?]) -> Double? {
            let defined = values.compactMap { $0 }
            return defined.isEmpty ? nil : defined.reduce(0, +) / Double(defined.count)
        }
        macroROCAUC = mean(perClass.map(\.rocAUC))
        macroAveragePrecision = mean(perClass.map(\.averagePrecision))
    }

    /// The report as scikit-learn prints `classification_report` for multi-label input, byte for byte.
    public func text(digits: Int = 2) -> String {
        ClassificationReport.render(
            classes: classes.map(\.row), accuracy: nil, averages: [micro, macro, weighted, samples], digits: digits)
    }
}

/// Threshold-free metrics of scores against binary labels.
enum Ranking {
    /// The area under the ROC curve (scikit-learn's `roc_auc_score`): the chance that a random
    /// positive scores above a random negative, ties counting half. `nil` without both.
    static func rocAUC(_ scores: [Double], _ labels: [Bool]) -> Double? {
        let positives = labels.filter { $0 }.count, negatives = labels.count - positives
        guard positives > 0 && negatives > 0 else { return nil }
        // Mann–Whitney: the positives' rank sum with tied scores sharing their mean rank.
        let order = scores.indices.sorted { scores[$0] < scores[$1] }
        var rankSum = 0.0, start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count && scores[order[end + 1]] == scores[order[start]] { end += 1 }
            let rank = Double(start + end) / 2 + 1
            for i in start...end where labels[order[i]] { rankSum += rank }
            start = end + 1
        }
        let p = Double(positives)
        return (rankSum - p * (p + 1) / 2) / (p * Double(negatives))
    }

    /// Average precision (scikit-learn's `average_precision_score`): Σ (Rₙ − Rₙ₋₁) Pₙ over the
    /// distinct scores from the highest, tied scores one step. `nil` without positives.
    static func averagePrecision(_ scores: [Double], _ labels: [Bool]) -> Double? {
        let positives = labels.filter { $0 }.count
        guard positives > 0 else { return nil }
        let order = scores.indices.sorted { scores[$0] > scores[$1] }
        var truePositives = 0, seen = 0, previousRecall = 0.0, sum = 0.0, start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count && scores[order[end + 1]] == scores[order[start]] { end += 1 }
            for i in start...end where labels[order[i]] { truePositives += 1 }
            seen = end + 1
            let recall = Double(truePositives) / Double(positives)
            sum += (recall - previousRecall) * Double(truePositives) / Double(seen)
            previousRecall = recall
            start = end + 1
        }
        return sum
    }
}
