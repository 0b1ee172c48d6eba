import Foundation
import GRDB
import Records

extension Store {
    /// The version of Tagmine recorded with every label set.
    public static let toolVersion = "0.1.0"

    /// Writes a new label set, its labels and scores in one transaction.
    public func write(_ set: NewLabelSet) async throws -> LabelSet {
        try await write([set])[0]
    }

    /// Writes several new label sets in one transaction, in order: all of them or, on an error, none.
    /// A set that names a track, tag or parent set the store does not have is refused.
    public func write(_ sets: [NewLabelSet]) async throws -> [LabelSet] {
        let ids = try await writer.writeWithoutTransaction { db in
            // Foreign keys would check every label and score against the track table, a B-tree
            // lookup each: 40 % of writing an emotion set over a million tracks. The references are
            // checked once per table instead (requireReferences); SQLite switches foreign keys only
            // outside a transaction.
            try db.execute(sql: "PRAGMA foreign_keys = OFF")
            defer { try? db.execute(sql: "PRAGMA foreign_keys = ON") }
            var ids: [Int64] = []
            try db.inTransaction {
                try Self.requireReferences(of: sets, db)
                ids = try sets.map { try Self.insert($0, db) }
                return .commit
            }
            return ids
        }
        var written: [LabelSet] = []
        for id in ids { written.append(try await labelSet(id)) }
        return written
    }

    /// Refuses sets naming a track, tag or label set the store does not have: what the foreign keys
    /// of `label`, `label_score`, `label_tag_evidence` and `label_set` would refuse, checked by
    /// reading each table's ids once (the store never deletes tracks, tags or sets).
    private static func requireReferences(of sets: [NewLabelSet], _ db: Database) throws {
        func ids(_ sql: String) throws -> [Int64] {
            var ids: [Int64] = []
            let statement = try BulkStatement(db, sql: sql)
            while try statement.step() { ids.append(statement.int64(at: 0)) }
            return ids
        }
        func firstMissing(_ wanted: some Sequence<Int64>, in known: [Int64]) -> Int64? {
            wanted.first { id in
                var low = 0, high = known.count
                while low < high {
                    let middle = (low + high) / 2
                    if known[middle] < id { low = middle + 1 } else { high = middle }
                }
                return low == known.count || known[low] != id
            }
        }
        let tracks = try ids("SELECT id FROM track ORDER BY id")
        let tags = sets.contains { !$0.tagEvidence.isEmpty } ? try ids("SELECT id FROM tag ORDER BY id") : []
        let labelSets = try ids("SELECT id FROM label_set ORDER BY id")
        for set in sets {
            let what = set.name.map { "label set '\($0)'" } ?? "the \(set.task) label set"
            if let track = firstMissing(set.labels.lazy.map(\.trackID), in: tracks)
                ?? firstMissing(set.scores.lazy.map(\.trackID), in: tracks)
            {
                throw StoreError(.invalidRequest, "\(what) names track \(track), which the store does not have")
            }
            if let tag = firstMissing(set.tagEvidence.lazy.map(\.tagID), in: tags) {
                throw StoreError(.invalidRequest, "\(what) names tag \(tag), which the store does not have")
            }
            if let parent = firstMissing([set.parentID, set.evidenceSetID].compactMap { $0 }, in: labelSets) {
                throw StoreError(.notFound, "\(what) derives from label set \(parent), which the store does not have")
            }
        }
    }

    /// Inserts a new label set, its labels, scores and tag evidence; returns its id.
    static func insert(_ set: NewLabelSet, _ db: Database) throws -> Int64 {
        if let name = set.name { try requireName(name, of: "a label set") }
        if let name = set.name,
            try Int.fetchOne(db, sql: "SELECT 1 FROM label_set WHERE name = ?", arguments: [name]) != nil
        {
            throw StoreError(.conflict, "a label set named '\(name)' already exists; choose another --name")
        }
        let classes = String(decoding: try JSONEncoder().encode(set.classes), as: UTF8.self)
        try db.execute(
            sql: """
                INSERT INTO label_set (name, task, classes, parent_id, operation, config_hash, tool_version,
                                       created_by, created_at, evidence_set_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                set.name, set.task, classes, set.parentID, set.operation, set.configHash, Self.toolVersion,
                set.author, Date(), set.evidenceSetID,
            ])
        let id = db.lastInsertedRowID
        let encoder = JSONEncoder.sorted
        var labels = try BatchedInsert<(NewLabelSet.Label, String?)>(
            db, into: "label", columns: ["label_set_id", "track_id", "class", "origin", "evidence"]
        ) { row, statement, first in
            statement.bind(id, at: first)
            statement.bind(row.0.trackID, at: first + 1)
            statement.bind(row.0.className, at: first + 2)
            statement.bind(row.0.origin.rawValue, at: first + 3)
            statement.bind(row.1, at: first + 4)
        }
        for label in set.labels { try labels.insert((label, try label.evidence.map(encoder.string))) }
        try labels.flush()
        var scores = try BatchedInsert<(NewLabelSet.Score, String?)>(
            db, into: "label_score", columns: ["label_set_id", "track_id", "score", "evidence"]
        ) { row, statement, first in
            statement.bind(id, at: first)
            statement.bind(row.0.trackID, at: first + 1)
            statement.bind(row.0.score, at: first + 2)
            statement.bind(row.1, at: first + 3)
        }
        for score in set.scores { try scores.insert((score, try score.evidence.map(encoder.string))) }
        try scores.flush()
        var tagEvidence = try BatchedInsert<(Int64, String)>(
            db, into: "label_tag_evidence", columns: ["label_set_id", "tag_id", "evidence"]
        ) { row, statement, first in
            statement.bind(id, at: first)
            statement.bind(row.0, at: first + 1)
            statement.bind(row.1, at: first + 2)
        }
        for tag in set.tagEvidence { try tagEvidence.insert((tag.tagID, try encoder.string(tag.evidence))) }
        try tagEvidence.flush()
        return id
    }

    /// Refuses a name (of a class, label set, split or run) that is empty, only white space, or holds
    /// control characters: the one rule the CLI and the API share.
    public static func requireName(_ name: String, of what: String) throws(StoreError) {
        guard !name.trimmingWhitespaceScalars().isEmpty else {
            throw StoreError(.invalidRequest, "\(what) cannot have an empty name")
        }
        guard !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw StoreError(.invalidRequest, "the name \(name.debugDescription) of \(what) has a control character")
        }
    }

    /// Every label set, oldest first.
    public func labelSets() async throws -> [LabelSet] {
        let ids = try await writer.read { db in try Int64.fetchAll(db, sql: "SELECT id FROM label_set ORDER BY id") }
        var sets: [LabelSet] = []
        for id in ids { sets.append(try await labelSet(id)) }
        return sets
    }

    /// The label set with `id`.
    public func labelSet(_ id: Int64) async throws -> LabelSet {
        try await writer.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM label_set WHERE id = ?", arguments: [id]) else {
                throw StoreError(.notFound, "no label set \(id); `tagmine labels list` shows them")
            }
            var counts: [String: Int] = [:]
            for count in try Row.fetchAll(
                db, sql: "SELECT class, COUNT(*) AS n FROM label WHERE label_set_id = ? GROUP BY class", arguments: [id]
            ) {
                counts[count["class"]] = count["n"]
            }
            let labeled =
                try Int.fetchOne(
                    db, sql: "SELECT COUNT(DISTINCT track_id) FROM label WHERE label_set_id = ?", arguments: [id]) ?? 0
            let classes: String = row["classes"]
            return LabelSet(
                id: row["id"], name: row["name"], task: row["task"],
                classes: try JSONDecoder().decode([String].self, from: Data(classes.utf8)), parentID: row["parent_id"],
                createdBy: row["created_by"], createdAt: row["created_at"], configHash: row["config_hash"],
                operation: row["operation"], toolVersion: row["tool_version"],
                evidenceSetID: row["evidence_set_id"] ?? row["id"], counts: counts, labeledTracks: labeled)
        }
    }
}
