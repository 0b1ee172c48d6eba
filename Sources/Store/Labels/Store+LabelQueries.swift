import Foundation
import GRDB
public import Records

/// One track's labels in one label set, with the evidence behind them.
public struct TrackLabels: Sendable, Equatable, Codable {
    /// One label.
    public struct Label: Sendable, Equatable, Codable {
        public var className: String
        public var origin: LabelOrigin
        /// Why a person gave it, for corrected and imported labels.
        public var evidence: LabelEvidence?
    }

    /// The catalogue's id for the track.
    public var catalogueID: String
    /// Its labels (none when the set leaves it unlabeled).
    public var labels: [Label]
    /// Its score, for thresholded sets.
    public var score: Double?
    /// The evidence particular to this track behind its score (a description's matches).
    public var scoreEvidence: Evidence?
    /// The evidence its tags gave, in tag order: the tag as the catalogue wrote it, and what the
    /// set's lexicon or map found in it.
    public var tagEvidence: [TagEvidence]

    /// What one tag contributed to a track's labels or score.
    public struct TagEvidence: Sendable, Equatable, Codable {
        public var tag: String
        public var evidence: Evidence
    }
}

/// One track's labels in one label version, with the version's name and task.
public struct VersionLabels: Sendable, Equatable, Codable {
    public var labelSet: Int64
    public var name: String?
    public var task: String
    public var labels: TrackLabels
}

extension Store {
    /// The label set a user names: its id, or its name.
    public func labelSet(named reference: String) async throws -> LabelSet {
        if let id = Int64(reference) { return try await labelSet(id) }
        let id = try await writer.read { db in
            try Int64.fetchOne(db, sql: "SELECT id FROM label_set WHERE name = ?", arguments: [reference])
        }
        guard let id else {
            throw StoreError(.notFound, "no label set '\(reference)'; `tagmine labels list` shows them")
        }
        return try await labelSet(id)
    }

    /// One track's labels in `set`, with their evidence, and its score in a thresholded set.
    public func labels(of catalogueID: String, in set: LabelSet) async throws -> TrackLabels {
        try await writer.read { db in
            try Self.labels(
                of: Self.trackID(catalogueID: catalogueID, db), catalogueID: catalogueID, set: set.id,
                evidenceSet: set.evidenceSetID, db)
        }
    }

    /// One track's labels in every label version that labels or scores it, oldest version first,
    /// read in one transaction without the versions' class counts (what a track page needs).
    public func labelsInEveryVersion(of catalogueID: String) async throws -> [VersionLabels] {
        try await writer.read { db in
            let trackID = try Self.trackID(catalogueID: catalogueID, db)
            return try Row.fetchAll(
                db, sql: "SELECT id, name, task, COALESCE(evidence_set_id, id) AS evidence FROM label_set ORDER BY id"
            ).compactMap { set -> VersionLabels? in
                let labels = try Self.labels(
                    of: trackID, catalogueID: catalogueID, set: set["id"], evidenceSet: set["evidence"], db)
                guard !labels.labels.isEmpty || labels.score != nil else { return nil }
                return VersionLabels(labelSet: set["id"], name: set["name"], task: set["task"], labels: labels)
            }
        }
    }

    private static func labels(
        of trackID: Int64, catalogueID: String, set: Int64, evidenceSet: Int64, _ db: Database
    ) throws -> TrackLabels {
        let labels = try Row.fetchAll(
            db,
            sql: "SELECT class, origin, evidence FROM label WHERE label_set_id = ? AND track_id = ? ORDER BY class",
            arguments: [set, trackID]
        ).map { row in
            TrackLabels.Label(
                className: row["class"], origin: try Self.origin(row["origin"]),
                evidence: try Self.decoded(LabelEvidence.self, row["evidence"]))
        }
        let score = try Row.fetchOne(
            db, sql: "SELECT score, evidence FROM label_score WHERE label_set_id = ? AND track_id = ?",
            arguments: [evidenceSet, trackID])
        let tagEvidence = try Row.fetchAll(
            db,
            sql: """
                SELECT COALESCE(track_tag.original, tag.name), label_tag_evidence.evidence
                FROM track_tag
                JOIN tag ON tag.id = track_tag.tag_id
                JOIN label_tag_evidence ON label_tag_evidence.tag_id = track_tag.tag_id
                WHERE label_tag_evidence.label_set_id = ? AND track_tag.track_id = ?
                ORDER BY track_tag.position
                """, arguments: [evidenceSet, trackID]
        ).map { TrackLabels.TagEvidence(tag: $0[0], evidence: try Self.decoded(Evidence.self, $0[1] as String)) }
        return TrackLabels(
            catalogueID: catalogueID, labels: labels, score: score?["score"],
            scoreEvidence: try Self.decoded(Evidence.self, score?["evidence"] as String?), tagEvidence: tagEvidence)
    }

    /// The per-track scores behind a thresholded set (emotion), in track order; empty for other sets.
    public func scores(of set: LabelSet) async throws -> [Double] {
        try await writer.read { db in
            try Double.fetchAll(
                db, sql: "SELECT score FROM label_score WHERE label_set_id = ? ORDER BY track_id",
                arguments: [set.evidenceSetID])
        }
    }
}

extension Store {
    /// A stored label's origin; the schema's CHECK allows no other value.
    static func origin(_ text: String) throws -> LabelOrigin {
        guard let origin = LabelOrigin(rawValue: text) else {
            throw StoreError(.unreadable, "a label has the unknown origin '\(text)'; the store is damaged")
        }
        return origin
    }
}
