import Foundation
import GRDB
public import Records

extension Store {
    /// The folders the server may serve audio from.
    public func audioRoots() async throws -> AudioRoots {
        try await writer.read { db in try Self.audioRoots(db) }
    }

    static func audioRoots(_ db: Database) throws -> AudioRoots {
        AudioRoots(try String.fetchAll(db, sql: "SELECT path FROM audio_root"))
    }

    /// Adds `folder` (made absolute) to the audio roots; `false` when it was one already.
    public func addAudioRoot(_ folder: String) async throws -> Bool {
        let path = AudioPathResolver(root: folder).root
        return try await writer.write { db in try Self.addAudioRoot(path, db) }
    }

    static func addAudioRoot(_ path: String, _ db: Database) throws -> Bool {
        try db.execute(
            sql: "INSERT INTO audio_root (path, added_at) VALUES (?, ?) ON CONFLICT DO NOTHING",
            arguments: [path, Date()])
        return db.changesCount == 1
    }

    /// Removes `folder` from the audio roots, or fails naming the roots there are.
    public func removeAudioRoot(_ folder: String) async throws {
        let path = AudioPathResolver(root: folder).root
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM audio_root WHERE path = ?", arguments: [path])
            guard db.changesCount == 1 else {
                let known = try Self.audioRoots(db).folders
                throw StoreError(
                    .notFound,
                    "\(path) is not an audio root; the roots are: "
                        + (known.isEmpty ? "none" : known.sorted().joined(separator: ", ")))
            }
        }
    }
}
