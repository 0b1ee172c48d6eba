public import Foundation
import GRDB

/// What must never be divided across a split's parts: the track field whose equal values stay together.
public enum SplitGrouping: String, Sendable, CaseIterable, Codable {
    case artist, album
}

/// A stored split of one label set's tracks into parts.
public struct Split: Sendable, Equatable, Codable {
    public var id: Int64
    public var labelSetID: Int64
    public var name: String?
    /// How it was made.
    public var method: SplitMethod
    /// The parts, in order (`train`, `validation`, `test`, or `fold-1` …).
    public var parts: [String]
    /// Per part, its tracks per class.
    public var counts: [String: [String: Int]]
    public var createdBy: String
    public var createdAt: Date
}

/// One labeled track as a split sees it.
public struct SplitCandidate: Sendable {
    /// The store's id for the track.
    public var trackID: Int64
    /// Its classes in the set, sorted.
    public var classes: [String]
    /// Its artist (album) when the split is grouped and the track has one.
    public var group: String?
    /// The part a track attribute gives it, when the split follows one.
    public var given: String?
}

/// A split about to be written: everything but its id and counts.
public struct NewSplit: Sendable {
    public var labelSetID: Int64
    public var name: String?
    /// How it was made.
    public var method: SplitMethod
    /// The parts, in order.
    public var parts: [String]
    /// Each assigned track's part (an index into ``parts``); tracks left out are absent.
    public var assignment: [(track: Int64, part: Int)]
    public var author: String

    /// Creates a split.
    public init(
        labelSetID: Int64, name: String?, method: SplitMethod, parts: [String], assignment: [(track: Int64, part: Int)],
        author: String
    ) {
        self.labelSetID = labelSetID
        self.name = name
        self.method = method
        self.parts = parts
        self.assignment = assignment
        self.author = author
    }
}

extension Store {
    /// Each labeled track of `set` once, with its classes, its `groupBy` field and its `attribute`
    /// value, in track order.
    public func splitCandidates(
        of set: LabelSet, groupBy: SplitGrouping?, attribute: String?
    ) async throws -> [SplitCandidate] {
        try await writer.read { db in
            let groupColumn = groupBy?.rawValue ?? "NULL"
            let (given, arguments): (String, StatementArguments) =
                if let attribute {
                    ("json_extract(track.attributes, ?)", [Self.attributePath(attribute), set.id])
                } else {
                    ("NULL", [set.id])
                }
            var candidates: [SplitCandidate] = []
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT track.id, \(groupColumn), \(given), label.class
                    FROM label JOIN track ON track.id = label.track_id
                    WHERE label.label_set_id = ? ORDER BY track.id, label.class
                    """, arguments: arguments)
            while let row = try rows.next() {
                let track: Int64 = row[0]
                if candidates.last?.trackID != track {
                    candidates.append(
                        SplitCandidate(
                            trackID: track, classes: [], group: (row[1] as String?).flatMap { $0.isEmpty ? nil : $0 },
                            given: (row[2] as String?).map { $0.trimmingCharacters(in: .whitespaces) }.flatMap {
                                $0.isEmpty ? nil : $0
                            }))
                }
                candidates[candidates.count - 1].classes.append(row[3])
            }
            return candidates
        }
    }

    /// Writes `split` in one transaction.
    public func insertSplit(_ split: NewSplit) async throws -> Split {
        if let name = split.name { try Self.requireName(name, of: "a split") }
        let id = try await writer.write { db -> Int64 in
            if let name = split.name,
                try Int.fetchOne(db, sql: "SELECT 1 FROM split WHERE name = ?", arguments: [name]) != nil
            {
                throw StoreError(.conflict, "a split named '\(name)' already exists; choose another --name")
            }
            try db.execute(
                sql:
                    "INSERT INTO split (label_set_id, name, method, parts, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [
                    split.labelSetID, split.name, try JSONEncoder.sorted.string(split.method),
                    try JSONEncoder.sorted.string(split.parts),
                    split.author, Date(),
                ])
            let id = db.lastInsertedRowID
            let insert = try db.makeStatement(sql: "INSERT INTO split_part (split_id, track_id, part) VALUES (?, ?, ?)")
            for (track, part) in split.assignment { try insert.execute(arguments: [id, track, split.parts[part]]) }
            return id
        }
        return try await self.split(id)
    }

    /// The split with `id`.
    public func split(_ id: Int64) async throws -> Split {
        try await writer.read { db in try Self.split(id, db) }
    }

    /// The split a user names (id or name); with neither, `set`'s most recent split.
    public func split(named reference: String?, of set: LabelSet) async throws -> Split? {
        try await writer.read { db in
            guard let reference else {
                let latest = try Int64.fetchOne(
                    db, sql: "SELECT id FROM split WHERE label_set_id = ? ORDER BY id DESC LIMIT 1", arguments: [set.id]
                )
                return try latest.map { try Self.split($0, db) }
            }
            guard
                let id = try Int64(reference)
                    ?? Int64.fetchOne(db, sql: "SELECT id FROM split WHERE name = ?", arguments: [reference])
            else {
                throw StoreError(.notFound, "no split '\(reference)'; `tagmine split --help` shows how to make one")
            }
            let split = try Self.split(id, db)
            guard split.labelSetID == set.id else {
                throw StoreError(
                    .invalidRequest, "split \(id) belongs to label set \(split.labelSetID), not \(set.id)")
            }
            return split
        }
    }

    /// Each track's part in `split`.
    public func parts(of split: Split) async throws -> [Int64: String] {
        try await writer.read { db in
            var parts: [Int64: String] = [:]
            let rows = try Row.fetchCursor(
                db, sql: "SELECT track_id, part FROM split_part WHERE split_id = ?", arguments: [split.id])
            while let row = try rows.next() { parts[row[0]] = row[1] }
            return parts
        }
    }

    private static func split(_ id: Int64, _ db: Database) throws -> Split {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM split WHERE id = ?", arguments: [id]) else {
            throw StoreError(.notFound, "no split \(id)")
        }
        var counts: [String: [String: Int]] = [:]
        for count in try Row.fetchAll(
            db,
            sql: """
                SELECT split_part.part, label.class, COUNT(*) FROM split_part
                JOIN label ON label.track_id = split_part.track_id AND label.label_set_id = ?
                WHERE split_part.split_id = ? GROUP BY split_part.part, label.class
                """, arguments: [row["label_set_id"] as Int64, id])
        {
            counts[count[0], default: [:]][count[1]] = count[2]
        }
        let parts: String = row["parts"]
        return Split(
            id: id, labelSetID: row["label_set_id"], name: row["name"],
            method: try Self.decoded(SplitMethod.self, row["method"] as String),
            parts: try JSONDecoder().decode([String].self, from: Data(parts.utf8)), counts: counts,
            createdBy: row["created_by"], createdAt: row["created_at"])
    }
}
