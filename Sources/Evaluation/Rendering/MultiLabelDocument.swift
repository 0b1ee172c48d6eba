public import Foundation

/// A multi-label run's report: the metrics at the run's thresholds, and the review queue of
/// (track, class) decisions where the model and the label version disagree most.
public struct MultiLabelDocument: Sendable, Codable {
    /// One disagreement: a label the model doubts (given, probability below its threshold) or a
    /// label it would add (not given, probability at or above it).
    public struct Disagreement: Sendable, Codable, Equatable {
        public var track: String
        public var className: String
        public var given: Bool
        public var probability: Double
        public var threshold: Double

        /// How far the probability is from the label: 1 − p for a given label, p for a missing one.
        public var strength: Double { given ? 1 - probability : probability }
    }

    public var run: ReportDocument.RunInfo
    /// Always `true`: tells a reader of the JSON this document from a single-label run's.
    public var multiLabel = true
    public var report: MultiLabelReport
    /// Disagreements, strongest first.
    public var queue: [Disagreement]

    /// The document for out-of-fold `scores` (tracks × classes) of tracks named `trackIDs` against
    /// their `truth`, with per-class `thresholds`; the queue keeps the `limit` strongest.
    public init(
        run: ReportDocument.RunInfo, truth: [[Int]], scores: [Double], thresholds: [Double], names: [String],
        trackIDs: [String], limit: Int = 200
    ) {
        self.run = run
        report = MultiLabelReport(truth: truth, scores: scores, thresholds: thresholds, names: names)
        var queue: [Disagreement] = []
        for (row, labels) in truth.enumerated() {
            let given = Set(labels)
            for (column, name) in names.enumerated() {
                let probability = scores[row * names.count + column], threshold = thresholds[column]
                let has = given.contains(column)
                guard has != (probability >= threshold) else { continue }
                queue.append(
                    Disagreement(
                        track: trackIDs[row], className: name, given: has, probability: probability,
                        threshold: threshold))
            }
        }
        self.queue = Array(
            queue.sorted { ($0.strength, $1.track, $1.className) > ($1.strength, $0.track, $0.className) }.prefix(limit)
        )
    }

    /// The document as JSON (sorted keys, NaN as a string).
    public func json() throws -> Data {
        try JSONEncoder.report.encode(self)
    }
}
