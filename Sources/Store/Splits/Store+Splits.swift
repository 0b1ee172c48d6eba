public import Foundation
import GRDB

/// How `tagmine split` divides a label set's labeled tracks.
public struct SplitRequest: Sendable {
    /// The kind of split.
    public enum Method: Sendable, Hashable {
        /// train / validation / test with these shares for test and validation (validation may be 0).
        case holdout(test: Double, validation: Double)
        /// `k` folds for cross-validation.
        case folds(Int)
        /// The parts a track attribute already gives (a dataset's official folds).
        case attribute(String)
    }

    /// What must never be divided across parts.
    public enum Grouping: String, Sendable, CaseIterable, Codable {
        case artist, album
    }

    public var method: Method
    public var groupBy: Grouping?
    public var seed: UInt64
    public var name: String?
    public var author: String

    /// Creates a request.
    public init(method: Method, groupBy: Grouping? = nil, seed: UInt64 = 0, name: String? = nil, author: String) {
        self.method = method
        self.groupBy = groupBy
        self.seed = seed
        self.name = name
        self.author = author
    }
}

/// A stored split of one label set's tracks into parts.
public struct Split: Sendable, Equatable, Codable {
    public var id: Int64
    public var labelSetID: Int64
    public var name: String?
    /// How it was made (JSON: method, shares, grouping, seed).
    public var method: String
    /// The parts, in order (`train`, `validation`, `test`, or `fold-1` …).
    public var parts: [String]
    /// Per part, its tracks per class.
    public var counts: [String: [String: Int]]
    public var createdBy: String
    public var createdAt: Date
}

/// A split just made, with what the user should know about it.
public struct SplitOutcome: Sendable {
    public var split: Split
    /// Classes too small for the parts asked for, tracks left out.
    public var warnings: [String]
}

extension Store {
    /// Splits `set`'s labeled tracks and stores the split with the set: stratified by class, and
    /// with `groupBy` no artist (or album) in two parts. The same request gives the same split.
    public func split(_ set: LabelSet, _ request: SplitRequest) async throws -> SplitOutcome {
        let method = try Self.methodRecord(request)
        if let name = request.name { try Self.requireName(name, of: "a split") }
        let (id, warnings) = try await writer.write { db -> (Int64, [String]) in
            if let name = request.name,
                try Int.fetchOne(db, sql: "SELECT 1 FROM split WHERE name = ?", arguments: [name]) != nil
            {
                throw StoreError(.conflict, "a split named '\(name)' already exists; choose another --name")
            }
            let groupColumn = request.groupBy?.rawValue ?? "NULL"
            let (attribute, arguments): (String, StatementArguments) =
                if case .attribute(let column) = request.method {
                    ("json_extract(track.attributes, ?)", [Self.attributePath(column), set.id])
                } else {
                    ("NULL", [set.id])
                }
            // Each labeled track once, with its rarest label (the one stratification most needs to spread).
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT track.id, \(groupColumn), \(attribute), label.class
                    FROM label JOIN track ON track.id = label.track_id
                    WHERE label.label_set_id = ? ORDER BY track.id, label.class
                    """, arguments: arguments)
            var tracks: [Int64] = []
            var trackClasses: [[String]] = []
            var groupKeys: [String?] = []
            var given: [String?] = []
            for row in rows {
                let track: Int64 = row[0]
                if tracks.last != track {
                    tracks.append(track)
                    trackClasses.append([])
                    groupKeys.append((row[1] as String?).flatMap { $0.isEmpty ? nil : $0 })
                    given.append(
                        (row[2] as String?).map { $0.trimmingCharacters(in: .whitespaces) }.flatMap {
                            $0.isEmpty ? nil : $0
                        })
                }
                trackClasses[trackClasses.count - 1].append(row[3])
            }
            guard !tracks.isEmpty else {
                throw StoreError(.invalidRequest, "label set \(set.id) has no labeled tracks to split")
            }
            var warnings: [String] = []
            var parts: [String]
            var assignment: [Int?]
            switch request.method {
            case .attribute(let column):
                parts = Set(given.compactMap { $0 }).sorted { $0.localizedStandardCompare($1) == .orderedAscending }
                guard !parts.isEmpty else {
                    throw StoreError(.notFound, "no labeled track has a value for attribute '\(column)'")
                }
                assignment = given.map { $0.flatMap(parts.firstIndex(of:)) }
                let missing = given.filter { $0 == nil }.count
                if missing > 0 {
                    warnings.append("\(missing) labeled tracks have no '\(column)' value and are in no part")
                }
            case .holdout, .folds:
                let (names, fractions) = try Self.parts(request.method)
                parts = names
                let size = Dictionary(trackClasses.flatMap { $0 }.map { ($0, 1) }, uniquingKeysWith: +)
                let primary = trackClasses.map { classes in
                    classes.min { (size[$0] ?? 0, $0) < (size[$1] ?? 0, $1) } ?? ""
                }
                let classIndex = Dictionary(uniqueKeysWithValues: Set(primary).sorted().enumerated().map { ($1, $0) })
                var groupIndex: [String: Int] = [:]
                for key in groupKeys.compactMap({ $0 }) where groupIndex[key] == nil {
                    groupIndex[key] = groupIndex.count
                }
                // A track without an artist (album) is its own group, numbered after the named ones.
                var groups: [Int] = []
                var unnamed = groupIndex.count
                for key in groupKeys {
                    if let key, let index = groupIndex[key] {
                        groups.append(index)
                    } else {
                        groups.append(unnamed)
                        unnamed += 1
                    }
                }
                let splitter = StratifiedGroupSplitter(fractions: fractions, seed: request.seed)
                assignment = splitter.assign(classes: primary.map { classIndex[$0] ?? 0 }, groups: groups)
                warnings += Self.smallClassWarnings(
                    primary: primary, groups: groups, parts: parts.count, grouped: request.groupBy)
            }
            try db.execute(
                sql:
                    "INSERT INTO split (label_set_id, name, method, parts, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [set.id, request.name, method, try JSONEncoder.sorted.string(parts), request.author, Date()])
            let id = db.lastInsertedRowID
            let insert = try db.makeStatement(sql: "INSERT INTO split_part (split_id, track_id, part) VALUES (?, ?, ?)")
            for (track, part) in zip(tracks, assignment) {
                if let part { try insert.execute(arguments: [id, track, parts[part]]) }
            }
            return (id, warnings)
        }
        return SplitOutcome(split: try await split(id), warnings: warnings)
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
            id: id, labelSetID: row["label_set_id"], name: row["name"], method: row["method"],
            parts: try JSONDecoder().decode([String].self, from: Data(parts.utf8)), counts: counts,
            createdBy: row["created_by"], createdAt: row["created_at"])
    }

    /// The part names and shares of a holdout or k-fold split.
    private static func parts(_ method: SplitRequest.Method) throws(StoreError) -> ([String], [Double]) {
        switch method {
        case .holdout(let test, let validation):
            guard test > 0, validation >= 0, test + validation < 1 else {
                throw StoreError(.invalidRequest, "--test must be > 0, --validation ≥ 0, and together below 1")
            }
            return validation > 0
                ? (["train", "validation", "test"], [1 - test - validation, validation, test])
                : (["train", "test"], [1 - test, test])
        case .folds(let k):
            guard k >= 2 else { throw StoreError(.invalidRequest, "--folds must be at least 2") }
            return ((1...k).map { "fold-\($0)" }, Array(repeating: 1 / Double(k), count: k))
        case .attribute:
            return ([], [])
        }
    }

    /// Warnings for classes with fewer tracks (or groups) than parts.
    private static func smallClassWarnings(
        primary: [String], groups: [Int], parts: Int, grouped: SplitRequest.Grouping?
    ) -> [String] {
        var tracks: [String: Int] = [:]
        var groupsOf: [String: Set<Int>] = [:]
        for (label, group) in zip(primary, groups) {
            tracks[label, default: 0] += 1
            groupsOf[label, default: []].insert(group)
        }
        return tracks.keys.sorted().compactMap { label in
            let count = tracks[label] ?? 0, groupCount = groupsOf[label]?.count ?? 0
            if count < parts {
                return "class '\(label)' has \(count) tracks, fewer than the \(parts) parts: some parts get none"
            }
            if let grouped, groupCount < parts {
                return
                    "class '\(label)' comes from \(groupCount) \(grouped.rawValue)s, fewer than the \(parts) parts: some parts get none"
            }
            return nil
        }
    }

    private static func methodRecord(_ request: SplitRequest) throws -> String {
        var record: [String: String] = ["seed": "\(request.seed)"]
        switch request.method {
        case .holdout(let test, let validation):
            record["method"] = "holdout"
            record["test"] = "\(test)"
            record["validation"] = "\(validation)"
        case .folds(let k):
            record["method"] = "folds"
            record["folds"] = "\(k)"
        case .attribute(let column):
            record["method"] = "attribute"
            record["attribute"] = column
        }
        if let group = request.groupBy { record["groupBy"] = group.rawValue }
        return try JSONEncoder.sorted.string(record)
    }
}
