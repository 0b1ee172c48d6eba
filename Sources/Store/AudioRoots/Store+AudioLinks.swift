import Foundation
import GRDB

/// A track as `tagmine audio attach` matches files to it: the fields a file pattern may name.
public struct AudioLinkCandidate: Sendable, Equatable {
    public var trackID: Int64
    public var catalogueID: String
    public var title: String?
    public var artist: String?
    public var album: String?
    /// The audio path it has now, if any.
    public var audioPath: String?
}

extension Store {
    /// Every track (or those of the catalogue file `sourceID`), in id order, with the fields a file
    /// pattern may name.
    public func audioLinkCandidates(sourceID: Int64? = nil) async throws -> [AudioLinkCandidate] {
        try await writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT id, catalogue_id, title, artist, album, audio_path FROM track
                    WHERE ?1 IS NULL OR source_id = ?1 ORDER BY id
                    """, arguments: [sourceID]
            ).map { row in
                AudioLinkCandidate(
                    trackID: row["id"], catalogueID: row["catalogue_id"], title: row["title"], artist: row["artist"],
                    album: row["album"], audioPath: row["audio_path"])
            }
        }
    }

    /// Gives each track its audio path and makes `root` (absolute, normalised) an audio root, in one
    /// transaction. Returns how many tracks' paths changed.
    public func linkAudio(_ links: [(trackID: Int64, path: String)], root: String) async throws -> Int {
        try await writer.write { db in
            let update = try db.makeStatement(
                sql: "UPDATE track SET audio_path = ? WHERE id = ? AND audio_path IS NOT ?")
            var changed = 0
            for link in links {
                try update.execute(arguments: [link.path, link.trackID, link.path])
                changed += db.changesCount
            }
            if !links.isEmpty { _ = try Self.addAudioRoot(root, db) }
            return changed
        }
    }
}
