public import Foundation

/// Everything a run report shows, as one value: what `tagmine report --format json` prints and
/// what the HTML page and (later) the review UI render.
public struct ReportDocument: Sendable, Codable {
    /// Where the run came from.
    public struct RunInfo: Sendable, Codable {
        public var id: Int64
        public var name: String?
        /// The label version, as commands name it (its name, else its id).
        public var labelSet: String
        /// The label version's id, for clients that address it.
        public var labelSetID: Int64?
        public var extractor: String
        public var model: String
        public var folds: Int
        public var tracks: Int
        public var skipped: Int
        public var seconds: Double
        public var createdBy: String
        public var createdAt: Date

        public init(
            id: Int64, name: String?, labelSet: String, extractor: String, model: String, folds: Int, tracks: Int,
            skipped: Int, seconds: Double, createdBy: String, createdAt: Date, labelSetID: Int64? = nil
        ) {
            self.id = id
            self.name = name
            self.labelSet = labelSet
            self.labelSetID = labelSetID
            self.extractor = extractor
            self.model = model
            self.folds = folds
            self.tracks = tracks
            self.skipped = skipped
            self.seconds = seconds
            self.createdBy = createdBy
            self.createdAt = createdAt
        }
    }

    /// A review-queue entry with the track's catalogue id.
    public struct QueueEntry: Sendable, Codable {
        public var track: String
        public var issue: LabelIssue
        /// What a pretrained tagger says about the track, when it has heard it.
        public var tagger: SecondOpinion.Opinion?
    }

    public var run: RunInfo
    public var classes: [String]
    public var report: ClassificationReport
    public var confusion: ConfusionMatrix
    /// The normalisation of ``normalized``.
    public var normalization: ConfusionMatrix.Normalization
    public var normalized: [[Double]]
    public var quality: [ClassQuality]
    public var overlaps: [ClassOverlap]
    public var queue: [QueueEntry]
    public var suggestions: [Suggestion]
    /// Where the disputed labels came from, one sentence per class.
    public var traces: [String]
    /// Training loss per epoch, one series per fold.
    public var curves: [SVGReport.Series]
    /// Where a pretrained tagger contradicts the given labels, when its features are in the store.
    public var secondOpinion: SecondOpinion?

    public init(
        run: RunInfo, analysis: RunAnalysis, normalization: ConfusionMatrix.Normalization, trackIDs: [String],
        suggestions: [Suggestion], traces: [String], curves: [SVGReport.Series], secondOpinion: SecondOpinion? = nil
    ) {
        self.run = run
        classes = analysis.classes
        report = analysis.report
        confusion = analysis.confusion
        self.normalization = normalization
        normalized = analysis.confusion.normalized(normalization)
        quality = analysis.quality
        overlaps = analysis.overlaps
        queue = analysis.issues.map {
            QueueEntry(track: trackIDs[$0.track], issue: $0, tagger: secondOpinion?.opinions[trackIDs[$0.track]])
        }
        self.secondOpinion = secondOpinion
        self.suggestions = suggestions
        self.traces = traces
        self.curves = curves
    }

    /// The document as JSON (sorted keys, ISO 8601 dates, NaN as "NaN").
    public func json() throws -> Data {
        try JSONEncoder.report.encode(self)
    }
}

extension SVGReport.Series: Codable {
    private enum CodingKeys: String, CodingKey { case name, values }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            name: try container.decode(String.self, forKey: .name),
            values: try container.decode([Double].self, forKey: .values))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(values, forKey: .values)
    }
}

extension JSONEncoder {
    /// How report documents are written: sorted, indented keys, ISO 8601 dates, NaN as a string.
    static var report: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return encoder
    }
}
