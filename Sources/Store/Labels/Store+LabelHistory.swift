import GRDB

/// What changed between two label sets: per-class counts and the tracks whose labels differ.
public struct LabelDiff: Sendable, Equatable, Codable {
    /// One class's labeled tracks before and after.
    public struct ClassCount: Sendable, Equatable, Codable {
        public var className: String
        public var before: Int
        public var after: Int
    }

    /// One track whose labels differ.
    public struct TrackChange: Sendable, Equatable, Codable {
        /// The catalogue's id for the track.
        public var track: String
        /// Its labels in the first set (empty: unlabeled).
        public var before: [String]
        /// Its labels in the second set.
        public var after: [String]
    }

    /// The sets compared.
    public var from: Int64
    public var to: Int64
    /// Every class of either set: the first set's in order, then the second's new ones.
    public var classes: [ClassCount]
    /// How many tracks' labels differ.
    public var changedTracks: Int
    /// The changed tracks, in track order (the first `limit` when one was given).
    public var tracks: [TrackChange]
}

extension Store {
    /// The differences between `first` and `second`: class counts and changed tracks (at most
    /// `limit` of them listed; all are counted).
    public func diff(_ first: LabelSet, _ second: LabelSet, limit: Int = .max) async throws -> LabelDiff {
        try await writer.read { db in
            let before = try Self.classesByTrack(first.id, db), after = try Self.classesByTrack(second.id, db)
            var changed: [(Int64, [String], [String])] = []
            var count = 0
            for track in Set(before.keys).union(after.keys).sorted() {
                let old = before[track] ?? [], new = after[track] ?? []
                guard old != new else { continue }
                count += 1
                if changed.count < limit { changed.append((track, old, new)) }
            }
            let names = first.classes + second.classes.filter { !first.classes.contains($0) }
            let catalogueIDs = try Self.catalogueIDs(of: changed.map(\.0), db)
            return LabelDiff(
                from: first.id, to: second.id,
                classes: names.map {
                    LabelDiff.ClassCount(className: $0, before: first.counts[$0] ?? 0, after: second.counts[$0] ?? 0)
                }, changedTracks: count,
                tracks: changed.map {
                    LabelDiff.TrackChange(track: catalogueIDs[$0.0] ?? "#\($0.0)", before: $0.1, after: $0.2)
                })
        }
    }

    /// `set` and its ancestors, the first version first.
    public func lineage(of set: LabelSet) async throws -> [LabelSet] {
        var chain = [set]
        var seen: Set<Int64> = [set.id]
        while let parentID = chain.last?.parentID, !seen.contains(parentID) {
            seen.insert(parentID)
            chain.append(try await labelSet(parentID))
        }
        return chain.reversed()
    }

    /// Each labeled track's classes in `setID`, sorted.
    private static func classesByTrack(_ setID: Int64, _ db: Database) throws -> [Int64: [String]] {
        var classes: [Int64: [String]] = [:]
        let rows = try Row.fetchCursor(
            db, sql: "SELECT track_id, class FROM label WHERE label_set_id = ? ORDER BY track_id, class",
            arguments: [setID])
        while let row = try rows.next() { classes[row[0], default: []].append(row[1]) }
        return classes
    }

    /// The catalogue ids of `tracks`.
    private static func catalogueIDs(of tracks: [Int64], _ db: Database) throws -> [Int64: String] {
        var ids: [Int64: String] = [:]
        let statement = try db.makeStatement(sql: "SELECT catalogue_id FROM track WHERE id = ?")
        for track in tracks {
            ids[track] = try String.fetchOne(statement, arguments: [track])
        }
        return ids
    }
}
