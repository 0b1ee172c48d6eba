import Foundation
import GRDB
public import Records

/// A catalogue file as an import records it.
public struct CatalogueSource: Sendable {
    /// The file, as an absolute path: re-importing the same path updates its tracks.
    public var path: String
    /// The SHA-256 of the file's bytes: re-importing the same content does nothing.
    public var contentHash: String
    /// The folder, absolute and normalised, that relative audio paths resolve against.
    public var audioRoot: String

    /// Describes a catalogue file.
    public init(path: String, contentHash: String, audioRoot: String) {
        self.path = path
        self.contentHash = contentHash
        self.audioRoot = audioRoot
    }
}

extension Store {
    /// Imports one catalogue file in one transaction: a malformed file imports nothing.
    ///
    /// Re-importing a file whose content is already in the store does nothing (and never calls
    /// `reader`). Re-importing a changed file from the same path updates its tracks by catalogue id
    /// and adds new ones.
    ///
    /// `source.audioRoot` becomes an audio root when the file's audio lies under it; audio paths
    /// outside every root are reported in the summary's warnings, by line.
    ///
    /// - Parameters:
    ///   - reader: opens the file's records; called inside the transaction.
    ///   - progress: called with the number of records read, every few thousand records.
    public func importCatalog(
        _ source: CatalogueSource,
        onDuplicate: DuplicatePolicy = .error,
        progress: (@Sendable (Int) -> Void)? = nil,
        reader makeReader: @escaping @Sendable () throws -> any CatalogReader
    ) async throws -> ImportSummary {
        try await writer.writeWithoutTransaction { db in
            // Every row an import writes references a row it wrote or read in the same transaction,
            // so the foreign keys hold by construction; checking them cost two B-tree lookups per
            // tag, 28 % of the import (make bench-import). SQLite only switches them outside a
            // transaction; StoreImportTests checks they are back on after.
            try db.execute(sql: "PRAGMA foreign_keys = OFF")
            defer { try? db.execute(sql: "PRAGMA foreign_keys = ON") }
            var summary: ImportSummary?
            try db.inTransaction {
                summary = try Self.importCatalog(
                    source, onDuplicate: onDuplicate, progress: progress, reader: makeReader, db)
                return .commit
            }
            return summary!
        }
    }

    /// The import itself, inside the transaction `importCatalog(_:onDuplicate:progress:reader:)` opens.
    private static func importCatalog(
        _ source: CatalogueSource, onDuplicate: DuplicatePolicy, progress: (@Sendable (Int) -> Void)?,
        reader makeReader: () throws -> any CatalogReader, _ db: Database
    ) throws -> ImportSummary {
        if let existing = try SourceRow.filter(Column("content_hash") == source.contentHash).fetchOne(db) {
            return ImportSummary(
                sourceID: existing.id, path: existing.path,
                format: CatalogFormat(rawValue: existing.format) ?? .csv,
                encoding: existing.encoding.flatMap(TextEncoding.init(rawValue:)), unchanged: true)
        }
        // A bulk import touches far more pages than SQLite's 2 MiB default cache holds; spilling
        // them to the WAL and reading them back doubled the import time (make bench-import).
        try db.execute(sql: "PRAGMA cache_size = -131072")
        defer { try? db.execute(sql: "PRAGMA cache_size = -2000") }
        let reader = try makeReader()
        var writer = try TrackWriter(
            db: db, path: source.path, hash: source.contentHash, reader: reader,
            roots: AudioRoots(try Self.audioRoots(db).folders + [source.audioRoot]))
        let records = RecordPrefetcher(reader: reader)
        defer { _ = records.finish() }
        while let batch = try records.next() {
            try batch.forEach { record, text in
                try writer.write(record, text: text, onDuplicate: onDuplicate)
                if writer.summary.records % 5_000 == 0 { progress?(writer.summary.records) }
            }
            records.recycle(batch)
        }
        if writer.audioUnder(source.audioRoot) { _ = try Self.addAudioRoot(source.audioRoot, db) }
        var summary = try writer.finish()
        summary.warnings = records.finish() + summary.warnings
        return summary
    }
}

/// Writes the records of one import with prepared statements inside the import's transaction.
private struct TrackWriter {
    private let db: Database
    private let sourceID: Int64
    private let revision: Int64
    private let insertTrack: BulkStatement
    private let updateTrack: BulkStatement
    private let findTrack: Statement
    private let deleteTags: BulkStatement
    private let insertTag: BulkStatement
    private var trackTags: BatchedInsert<TrackTagRow>
    /// Tag ids by name number (0: not known yet), for the first `numberedTagLimit` numbers.
    private var tagIDsByNumber: [Int64] = []
    /// Tag ids by name, for tags without a number or past the limit.
    private var tagIDs: [UTF8Key: Int64] = [:]
    private(set) var summary: ImportSummary
    /// The audio roots, with the import's own.
    private let roots: AudioRoots
    /// How many audio paths lie under each root.
    private var audioPerRoot: [String: Int] = [:]
    /// Lines whose audio path is outside every root: the first few, and how many in all.
    private var outsideLines: [Int] = []
    private var outsideCount = 0

    init(db: Database, path: String, hash: String, reader: some CatalogReader, roots: AudioRoots) throws {
        self.db = db
        self.roots = roots
        let now = Date()
        if var source = try SourceRow.filter(Column("path") == path).fetchOne(db) {
            source.contentHash = hash
            source.format = reader.format.rawValue
            source.encoding = reader.encoding?.rawValue
            source.revision += 1
            source.importedAt = now
            try source.update(db)
            sourceID = source.id
            revision = source.revision
        } else {
            let source = try SourceRow(
                id: nil, path: path, contentHash: hash, format: reader.format.rawValue,
                encoding: reader.encoding?.rawValue, rowCount: 0, revision: 1, importedAt: now
            ).inserted(db)
            sourceID = source.id
            revision = 1
        }
        summary = ImportSummary(
            sourceID: sourceID, path: path, format: reader.format, encoding: reader.encoding, unchanged: false)
        insertTrack = try BulkStatement(
            db,
            sql: """
                INSERT INTO track (source_id, catalogue_id, audio_path, title, description, artist, album,
                                   attributes, source_line, source_revision)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (source_id, catalogue_id) DO NOTHING
                """)
        updateTrack = try BulkStatement(
            db,
            sql: """
                UPDATE track SET audio_path = ?, title = ?, description = ?, artist = ?, album = ?,
                                 attributes = ?, source_line = ?, source_revision = ?
                WHERE id = ?
                """)
        findTrack = try db.makeStatement(
            sql: "SELECT id, source_line, source_revision FROM track WHERE source_id = ? AND catalogue_id = ?")
        deleteTags = try BulkStatement(db, sql: "DELETE FROM track_tag WHERE track_id = ?")
        insertTag = try BulkStatement(
            db,
            sql: "INSERT INTO tag (name) VALUES (?) ON CONFLICT (name) DO UPDATE SET name = excluded.name RETURNING id")
        trackTags = try TrackTagRow.inserter(db)
    }

    /// Writes `record`, whose text fields `text` holds.
    mutating func write(_ record: TrackRecord, text: BoundText, onDuplicate: DuplicatePolicy) throws {
        summary.records += 1
        if let audio = record.audioPath {
            if let root = roots.root(ofNormalised: audio) {
                audioPerRoot[root, default: 0] += 1
            } else {
                outsideCount += 1
                if outsideLines.count < 10 { outsideLines.append(record.line) }
            }
        }
        insertTrack.bind(sourceID, at: 1)
        insertTrack.bind(utf8: text[.catalogueID], at: 2)
        bindFields(of: record, text: text, to: insertTrack, from: 3)
        try insertTrack.run()
        if db.changesCount == 1 {
            summary.inserted += 1
            try writeTags(record.tags, trackID: db.lastInsertedRowID)
            return
        }
        guard let existing = try Row.fetchOne(findTrack, arguments: [sourceID, record.catalogueID]) else {
            return
        }
        let trackID: Int64 = existing["id"]
        if existing["source_revision"] as Int64 == revision {
            let firstLine: Int = existing["source_line"]
            switch onDuplicate {
            case .error:
                throw CatalogError(
                    .duplicateID, file: summary.path, line: record.line,
                    "track id '\(record.catalogueID)' is already used at line \(firstLine)",
                    hint: "Give every row its own id, or import with --on-duplicate skip|replace")
            case .skip:
                summary.skippedDuplicates += 1
                return
            case .replace:
                summary.replacedDuplicates += 1
            }
        } else {
            summary.updated += 1
        }
        try trackTags.flush()
        bindFields(of: record, text: text, to: updateTrack, from: 1)
        updateTrack.bind(trackID, at: 9)
        try updateTrack.run()
        deleteTags.bind(trackID, at: 1)
        try deleteTags.run()
        try writeTags(record.tags, trackID: trackID)
    }

    /// Binds the columns both the insert and the update write, audio path to source revision, from
    /// parameter `first` on.
    private func bindFields(of record: TrackRecord, text: BoundText, to statement: BulkStatement, from first: Int32) {
        statement.bind(utf8: text[.audioPath], at: first)
        statement.bind(utf8: text[.title], at: first + 1)
        statement.bind(utf8: text[.description], at: first + 2)
        statement.bind(utf8: text[.artist], at: first + 3)
        statement.bind(utf8: text[.album], at: first + 4)
        statement.bind(utf8: text[.attributes], at: first + 5)
        statement.bind(Int64(record.line), at: first + 6)
        statement.bind(revision, at: first + 7)
    }

    private mutating func writeTags(_ tags: [Tag], trackID: Int64) throws {
        for (position, tag) in tags.enumerated() {
            guard let tagID = try tagID(of: tag) else { continue }
            let original = tag.isNormalized ? nil : tag.original
            try trackTags.insert(
                TrackTagRow(trackID: trackID, tagID: tagID, position: Int64(position), original: original))
            summary.tags += 1
        }
    }

    /// The id of `tag`'s name, inserting it if the store has no such tag yet. By the reader's name
    /// number where it has one: an array read instead of hashing the name, which was a tenth of the
    /// writer's time (make bench-import).
    private mutating func tagID(of tag: Tag) throws -> Int64? {
        if let number = tag.nameNumber, number < Self.numberedTagLimit {
            if number < tagIDsByNumber.count, tagIDsByNumber[number] != 0 { return tagIDsByNumber[number] }
            guard let id = try insertedTagID(tag.name) else { return nil }
            if number >= tagIDsByNumber.count {
                tagIDsByNumber += repeatElement(
                    0, count: max(number + 1, 2 * tagIDsByNumber.count) - tagIDsByNumber.count)
            }
            tagIDsByNumber[number] = id
            return id
        }
        let key = UTF8Key(tag.name)
        if let known = tagIDs[key] { return known }
        guard let id = try insertedTagID(tag.name) else { return nil }
        if tagIDs.count > 500_000 { tagIDs.removeAll(keepingCapacity: true) }
        tagIDs[key] = id
        return id
    }

    /// How many name numbers the writer keeps an array slot for (8 MiB of ids at most).
    private static let numberedTagLimit = 1 << 20

    /// The id of the tag named `name`, inserted if new.
    private func insertedTagID(_ name: String) throws -> Int64? {
        insertTag.bind(name, at: 1)
        return try insertTag.run()
    }

    /// Whether any of the file's audio lies under `root`.
    func audioUnder(_ root: String) -> Bool { audioPerRoot[root, default: 0] > 0 }

    mutating func finish() throws -> ImportSummary {
        try trackTags.flush()
        if outsideCount > 0 {
            let lines = outsideLines.map(String.init).joined(separator: ", ") + (outsideCount > 10 ? ", …" : "")
            summary.warnings.append(
                CatalogWarning(
                    file: summary.path,
                    "\(outsideCount) audio paths lie outside every audio root (lines \(lines)); the server will not "
                        + "serve them. Import with --audio-root DIR, or add their folder with `tagmine roots add DIR`"))
        }
        summary.missingFromFile =
            try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM track WHERE source_id = ? AND source_revision < ?",
                arguments: [sourceID, revision]) ?? 0
        try db.execute(
            sql: "UPDATE source SET row_count = ? WHERE id = ?", arguments: [summary.records, sourceID])
        return summary
    }
}

/// One row of `track_tag`.
private struct TrackTagRow {
    var trackID: Int64, tagID: Int64, position: Int64
    var original: String?

    /// The import's batched insert of these rows.
    static func inserter(_ db: Database) throws -> BatchedInsert<TrackTagRow> {
        try BatchedInsert(db, into: "track_tag", columns: ["track_id", "tag_id", "position", "original"]) {
            row, statement, first in
            statement.bind(row.trackID, at: first)
            statement.bind(row.tagID, at: first + 1)
            statement.bind(row.position, at: first + 2)
            statement.bind(row.original, at: first + 3)
        }
    }
}
