import Foundation
import GRDB
import Records

extension Store {
    /// Every label of set `id`.
    public func labelRecords(ofSet id: Int64) async throws -> [NewLabelSet.Label] {
        try await writer.read { db in
            var labels: [NewLabelSet.Label] = []
            let rows = try Row.fetchCursor(
                db, sql: "SELECT track_id, class, origin, evidence FROM label WHERE label_set_id = ?", arguments: [id])
            while let row = try rows.next() {
                labels.append(
                    NewLabelSet.Label(
                        trackID: row[0], className: row[1], origin: try Self.origin(row[2]),
                        evidence: try Self.decoded(LabelEvidence.self, row[3] as String?)))
            }
            return labels
        }
    }

    /// The polarity scores set `id` holds (an emotion set's evidence set), in track order.
    public func labelScores(ofSet id: Int64) async throws -> [(id: Int64, score: Double)] {
        try await writer.read { db in
            var scores: [(id: Int64, score: Double)] = []
            let rows = try Row.fetchCursor(
                db, sql: "SELECT track_id, score FROM label_score WHERE label_set_id = ? ORDER BY track_id",
                arguments: [id])
            while let row = try rows.next() { scores.append((row[0], row[1])) }
            return scores
        }
    }

    /// The store's id for the track the catalogue calls `catalogueID`.
    public func trackID(catalogueID: String) async throws -> Int64 {
        try await writer.read { db in try Self.trackID(catalogueID: catalogueID, db) }
    }

    /// Writes `set`, a new version of its parent, in one transaction. With `requireLatest` it is
    /// refused when the parent already has a child: what annotators editing one version concurrently
    /// need, so that neither overwrites the other's work unseen.
    public func write(_ set: NewLabelSet, requireLatest: Bool) async throws -> LabelSet {
        let id = try await writer.write { db -> Int64 in
            if requireLatest, let parent = set.parentID {
                try Self.requireNoDescendant(of: parent, db)
            }
            return try Self.insert(set, db)
        }
        return try await labelSet(id)
    }

    /// Throws a conflict naming the newest version when `set` has been changed since.
    public func requireLatest(_ set: LabelSet) async throws {
        try await writer.read { db in try Self.requireNoDescendant(of: set.id, db) }
    }

    /// Throws a conflict naming the newest version when set `id` has been changed since.
    static func requireNoDescendant(of id: Int64, _ db: Database) throws {
        if let head = try newestDescendant(of: id, db) {
            throw StoreError(
                .conflict,
                "label set \(id) has been changed since: the latest version is \(head); "
                    + "reload it and apply your changes there", head: head)
        }
    }

    /// The store's id for the track the catalogue calls `catalogueID`.
    static func trackID(catalogueID: String, _ db: Database) throws -> Int64 {
        let tracks = try Int64.fetchAll(
            db, sql: "SELECT id FROM track WHERE catalogue_id = ? LIMIT 2", arguments: [catalogueID])
        guard let track = tracks.first else {
            throw StoreError(.notFound, "no track '\(catalogueID)'; `tagmine tracks` shows some")
        }
        guard tracks.count == 1 else {
            throw StoreError(.conflict, "track id '\(catalogueID)' is in several catalogues")
        }
        return track
    }
}

extension Store {
    /// The newest label set derived, directly or not, from `set`; `nil` when nothing has been.
    public func newestDescendant(of set: LabelSet) async throws -> Int64? {
        try await writer.read { db in try Self.newestDescendant(of: set.id, db) }
    }

    static func newestDescendant(of id: Int64, _ db: Database) throws -> Int64? {
        try Int64.fetchOne(
            db,
            sql: """
                WITH RECURSIVE descendant(id) AS (
                    SELECT id FROM label_set WHERE parent_id = ?
                    UNION ALL SELECT label_set.id FROM label_set JOIN descendant ON label_set.parent_id = descendant.id)
                SELECT max(id) FROM descendant
                """, arguments: [id])
    }
}
