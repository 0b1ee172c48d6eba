import GRDB
public import Records

extension Store {
    /// Every track's tags as positions in the list of distinct tags, read in one pass.
    public func tagIndex() async throws -> TrackTagIndex {
        try await writer.read { db in try TrackTagIndex(db) }
    }

    /// Every track's description, by the store's track id, for tracks that have one.
    public func trackDescriptions() async throws -> [Int64: String] {
        try await writer.read { db in
            try Dictionary(
                uniqueKeysWithValues: Row.fetchAll(
                    db, sql: "SELECT id, description FROM track WHERE description IS NOT NULL"
                ).map { ($0[0] as Int64, $0[1] as String) })
        }
    }
}

/// The catalogue as tag numbers: every distinct tag once, and each track's tags as positions in that
/// list. Labelers work out each distinct tag once and then only add numbers per track, which is
/// what makes labeling a million tracks take seconds.
public struct TrackTagIndex: TaggedTracks, Sendable {
    /// Every tag's store id, by position.
    public private(set) var tagIDs: [Int64] = []
    /// Every tag's normalised name, by position.
    public private(set) var tagNames: [String] = []
    /// Every track's store id, in id order.
    public private(set) var trackIDs: [Int64] = []
    /// How many tracks there are.
    public var trackCount: Int { trackIDs.count }
    /// Track `t`'s tags are `tags[offsets[t]..<offsets[t + 1]]`, in tag id order.
    private var offsets: [Int] = [0]
    private var tags: [Int32] = []

    /// Reads the index in one pass over each table.
    init(_ db: Database) throws {
        var positionOfID: [Int32] = []
        for row in try Row.fetchAll(db, sql: "SELECT id, name FROM tag ORDER BY id") {
            let id: Int64 = row[0]
            guard id >= 0, id < Int64(Int32.max) else {
                throw StoreError(.unreadable, "tag id \(id) is out of range; the store is damaged")
            }
            if Int(id) >= positionOfID.count {
                positionOfID += repeatElement(-1, count: Int(id) + 1 - positionOfID.count)
            }
            positionOfID[Int(id)] = Int32(tagIDs.count)
            tagIDs.append(id)
            tagNames.append(row[1])
        }
        let tracks = try BulkStatement(db, sql: "SELECT id FROM track ORDER BY id")
        while try tracks.step() { trackIDs.append(tracks.int64(at: 0)) }
        offsets.reserveCapacity(trackIDs.count + 1)
        var track = 0
        // track_tag's primary key is (track_id, tag_id): this reads it in key order, without sorting.
        let pairs = try BulkStatement(db, sql: "SELECT track_id, tag_id FROM track_tag ORDER BY track_id, tag_id")
        while try pairs.step() {
            let trackID = pairs.int64(at: 0)
            let tagID = pairs.int64(at: 1)
            while track < trackIDs.count && trackIDs[track] < trackID {
                offsets.append(tags.count)
                track += 1
            }
            guard track < trackIDs.count, trackIDs[track] == trackID, tagID >= 0, tagID < positionOfID.count,
                positionOfID[Int(tagID)] >= 0
            else {
                throw StoreError(.unreadable, "track_tag (\(trackID), \(tagID)) names a missing track or tag")
            }
            tags.append(positionOfID[Int(tagID)])
        }
        while track < trackIDs.count {
            offsets.append(tags.count)
            track += 1
        }
    }

    /// The positions of track number `track`'s tags.
    public func tags(ofTrack track: Int) -> ArraySlice<Int32> {
        tags[offsets[track]..<offsets[track + 1]]
    }
}
