import Crypto
public import Foundation
public import Records

/// A stored label set (one immutable version) with its class distribution.
public struct LabelSet: Sendable, Equatable, Codable {
    /// The store's id for the set.
    public var id: Int64
    /// Its optional name (`genre-v2-no-pops`).
    public var name: String?
    /// The task: `emotion`, `genre`, `instrument` or a custom name.
    public var task: String
    /// The classes, in order.
    public var classes: [String]
    /// The set it was derived from.
    public var parentID: Int64?
    /// Who or what made it.
    public var createdBy: String
    /// When.
    public var createdAt: Date
    /// A hash of everything that determined its labels (lexicon or map, options, operations).
    public var configHash: String
    /// The operation that produced it, as recorded (JSON; ``recordedOperation`` reads it).
    public var operation: String
    /// The Tagmine version that wrote it.
    public var toolVersion: String
    /// The set whose per-track scores and per-tag evidence this one reads (itself unless derived).
    public var evidenceSetID: Int64
    /// Labeled tracks per class.
    public var counts: [String: Int]
    /// Tracks with at least one label.
    public var labeledTracks: Int
}

/// A label set about to be written: everything but its id.
public struct NewLabelSet: Sendable {
    /// One label of one track.
    public struct Label: Sendable {
        public var trackID: Int64
        public var className: String
        public var origin: LabelOrigin
        public var evidence: LabelEvidence?

        public init(trackID: Int64, className: String, origin: LabelOrigin = .rule, evidence: LabelEvidence? = nil) {
            self.trackID = trackID
            self.className = className
            self.origin = origin
            self.evidence = evidence
        }

        /// The label as a child version starts from it: rule, imported and inherited labels become
        /// `inherited`; manual corrections stay manual, with their evidence.
        public var inherited: Label {
            var label = self
            if origin != .manual { label.origin = .inherited }
            return label
        }
    }

    /// The config hash of a set whose labels are given rather than derived: the SHA-256 of `header`
    /// and a line per label (`track id`, tab, class), in the labels' order.
    public static func configHash(_ header: String, labels: [Label]) -> String {
        var hasher = SHA256()
        hasher.update(data: Data("\(header)\n".utf8))
        for label in labels { hasher.update(data: Data("\(label.trackID)\t\(label.className)\n".utf8)) }
        return hasher.finalize().hexString
    }

    /// A track's score behind a thresholded set.
    public struct Score: Sendable {
        public var trackID: Int64
        public var score: Double
        public var evidence: Evidence?

        public init(trackID: Int64, score: Double, evidence: Evidence?) {
            self.trackID = trackID
            self.score = score
            self.evidence = evidence
        }
    }

    /// What one tag contributed to a rule-made set, stored once per tag.
    public struct TagEvidence: Sendable {
        public var tagID: Int64
        public var evidence: Evidence

        public init(tagID: Int64, evidence: Evidence) {
            self.tagID = tagID
            self.evidence = evidence
        }
    }

    public var task: String
    public var classes: [String]
    public var name: String?
    public var parentID: Int64?
    /// The operation that produced it, as JSON.
    public var operation: String
    public var configHash: String
    public var author: String
    public var labels: [Label]
    public var scores: [Score] = []
    public var tagEvidence: [TagEvidence] = []
    /// The set holding the scores and tag evidence a derived set reads; `nil`: its own.
    public var evidenceSetID: Int64?

    public init(
        task: String, classes: [String], name: String?, parentID: Int64? = nil, operation: String,
        configHash: String, author: String, labels: [Label], scores: [Score] = [], tagEvidence: [TagEvidence] = [],
        evidenceSetID: Int64? = nil
    ) {
        self.task = task
        self.classes = classes
        self.name = name
        self.parentID = parentID
        self.operation = operation
        self.configHash = configHash
        self.author = author
        self.labels = labels
        self.scores = scores
        self.tagEvidence = tagEvidence
        self.evidenceSetID = evidenceSetID
    }
}

extension LabelSet {
    /// The operation that produced the set, read back from its record; `nil` for a record this
    /// Tagmine does not know.
    public var recordedOperation: LabelOperation? {
        try? JSONDecoder().decode(LabelOperation.self, from: Data(operation.utf8))
    }
}
