import Foundation
import GRDB

/// The Tagmine database: one SQLite file in WAL mode holding sources, tracks and tags (and,
/// as later migrations add them, label versions, features and runs).
///
/// ```swift
/// let store = try Store.create(at: "tagmine.db")          // `tagmine init`
/// let store = try Store.open(at: "tagmine.db")            // every other command
/// let summary = try await store.importCatalog(at: "tags.csv", options: CatalogOptions())
/// ```
public struct Store: Sendable {
    /// The database file.
    public let path: String
    /// Whether the store was opened for reading only (`--read-only`, or a file this process cannot
    /// write): reads work, and every write is refused as ``StoreError/Code/readOnly``.
    public let isReadOnly: Bool
    let writer: any DatabaseWriter

    /// Creates a new store at `path`, or opens (and migrates) the one already there.
    public static func create(at path: String) throws(StoreError) -> Store {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        guard FileManager.default.fileExists(atPath: folder) else {
            throw StoreError(.missingFolder, "\(folder): no such folder; create it first or choose another --db path")
        }
        return try Store(path: path, readOnly: false)
    }

    /// Opens the existing store at `path`, applying any migrations a newer Tagmine added; with
    /// `readOnly` (or when the file cannot be written) only for reading, without migrating.
    public static func open(at path: String, readOnly: Bool = false) throws(StoreError) -> Store {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else {
            throw StoreError(
                .missingStore,
                "no Tagmine store at \(path). Create one with `tagmine init` (or point --db / TAGMINE_DB at an existing store)"
            )
        }
        // SQLite would turn an empty file into a database on the first write: a typo in --db must
        // not make a store out of whatever empty file it names.
        guard (attributes[.size] as? NSNumber)?.intValue != 0 else {
            throw StoreError(
                .missingStore,
                "\(path) is an empty file, not a Tagmine store. Create a store there with `tagmine init --db \(path)`")
        }
        return try Store(path: path, readOnly: readOnly || access(path, W_OK) != 0)
    }

    private init(path: String, readOnly: Bool) throws(StoreError) {
        self.path = path
        self.isReadOnly = readOnly
        do {
            var configuration = Configuration()
            configuration.readonly = readOnly
            // Another process may be writing (two curators relabeling at once): wait for it rather than fail.
            configuration.busyMode = .timeout(60)
            configuration.prepareDatabase { db in
                // WAL with synchronous=NORMAL keeps every committed transaction consistent; only the
                // last commits before a power loss can be lost (SQLite's documented WAL trade-off).
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
            }
            let pool = try DatabasePool(path: path, configuration: configuration)
            try Self.refuseNewerSchema(pool, path: path)
            if readOnly {
                guard try pool.read(Self.migrator.hasCompletedMigrations) else {
                    throw StoreError(
                        .readOnly,
                        "\(path) was made by an older Tagmine and cannot be upgraded while it is read-only; "
                            + "open it once with write access")
                }
            } else {
                try Self.migrator.migrate(pool)
            }
            writer = pool
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError {
            throw StoreError(.unreadable, "\(path): not a usable Tagmine store (\(error.message ?? "\(error)"))")
        } catch {
            throw StoreError(.unreadable, "\(path): \(error)")
        }
    }

    /// A store a newer Tagmine has migrated further than this one knows would be misread: refuse it,
    /// naming the newest schema version of each.
    private static func refuseNewerSchema(_ pool: DatabasePool, path: String) throws {
        let migrator = Self.migrator
        let unknown = try pool.read { db -> [String] in
            guard try db.tableExists("grdb_migrations") else { return [] }
            let known = Set(try migrator.appliedMigrations(db))
            return try migrator.appliedIdentifiers(db).subtracting(known).sorted()
        }
        guard let newest = unknown.last else { return }
        let own = try Self.schemaVersion
        throw StoreError(
            .unreadable,
            "\(path) has schema version \(newest), newer than this Tagmine's \(own); upgrade Tagmine to open it")
    }

    /// The newest schema version (migration) this Tagmine knows, read off a scratch in-memory store.
    public static var schemaVersion: String {
        get throws {
            let scratch = try DatabaseQueue()
            try migrator.migrate(scratch)
            return try scratch.read { try migrator.appliedMigrations($0).last ?? "" }
        }
    }

    /// The names of the migrations applied to this store, in order.
    public func appliedMigrations() async throws -> [String] {
        try await writer.read { db in try Self.migrator.appliedMigrations(db) }
    }
}

/// A store that cannot be opened or written, with what to do about it.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    /// What kind of problem this is.
    public enum Code: String, Sendable {
        case missingStore, missingFolder, unreadable, notFound, conflict
        /// A request that cannot apply (an unknown class, merging a class into itself, …).
        case invalidRequest
        /// A write to a store opened read-only.
        case readOnly
        /// The disk holding the store is full.
        case diskFull
    }

    /// The machine-matchable kind of problem.
    public var code: Code
    /// What went wrong and how to fix it.
    public var message: String
    /// For a conflict with newer work: the label set that is now the latest.
    public var head: Int64?

    /// Creates an error.
    public init(_ code: Code, _ message: String, head: Int64? = nil) {
        self.code = code
        self.message = message
        self.head = head
    }

    public var description: String { message }

    /// What an error from the database layer means for the user, with what to do: the one mapping
    /// the CLI and the server share, so that no raw `SQLite error 19` reaches anyone. `nil` for
    /// errors that do not come from the store.
    public static func classify(_ error: any Error) -> StoreError? {
        if let error = error as? StoreError { return error }
        guard let error = error as? DatabaseError else { return nil }
        let detail = error.message ?? "\(error.resultCode)"
        switch error.resultCode {
        case .SQLITE_FULL:
            return StoreError(
                .diskFull, "the disk holding the store is full: nothing was written; free space and retry")
        case .SQLITE_READONLY:
            return StoreError(.readOnly, "the store is read-only: nothing was written (\(detail))")
        case .SQLITE_CONSTRAINT:
            return StoreError(.invalidRequest, "the change was refused by the store: \(detail); nothing was written")
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return StoreError(.conflict, "the store is busy with another writer; retry in a moment")
        default:
            return StoreError(.unreadable, "the store could not complete the request: \(detail)")
        }
    }
}
