import Foundation
import GRDB

/// One track's labels in one label set, with the evidence behind them.
public struct TrackLabels: Sendable, Equatable, Codable {
    /// One label.
    public struct Label: Sendable, Equatable, Codable {
        public var className: String
        public var origin: String
        /// The evidence as stored (JSON).
        public var evidence: String?
    }

    /// The catalogue's id for the track.
    public var catalogueID: String
    /// Its labels (none when the set leaves it unlabeled).
    public var labels: [Label]
    /// Its score, for thresholded sets.
    public var score: Double?
    /// The evidence behind the score, for thresholded sets (JSON).
    public var scoreEvidence: String?
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
            let tracks = try Int64.fetchAll(
                db, sql: "SELECT id FROM track WHERE catalogue_id = ?", arguments: [catalogueID])
            guard let trackID = tracks.first else {
                throw StoreError(.notFound, "no track '\(catalogueID)'; `tagmine tracks` shows some")
            }
            guard tracks.count == 1 else {
                throw StoreError(.conflict, "track id '\(catalogueID)' is in \(tracks.count) catalogues")
            }
            let labels = try Row.fetchAll(
                db,
                sql: "SELECT class, origin, evidence FROM label WHERE label_set_id = ? AND track_id = ? ORDER BY class",
                arguments: [set.id, trackID]
            ).map { TrackLabels.Label(className: $0["class"], origin: $0["origin"], evidence: $0["evidence"]) }
            let score = try Row.fetchOne(
                db, sql: "SELECT score, evidence FROM label_score WHERE label_set_id = ? AND track_id = ?",
                arguments: [set.id, trackID])
            return TrackLabels(
                catalogueID: catalogueID, labels: labels, score: score?["score"], scoreEvidence: score?["evidence"])
        }
    }
}
