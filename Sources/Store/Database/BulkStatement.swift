import GRDB
import GRDBSQLite

/// A GRDB prepared statement run many times in bulk work, its values bound and its rows read
/// straight through SQLite's C interface.
///
/// GRDB stays the owner of the connection and the statement; binding through `StatementArguments`
/// boxed every value in an existential and was a quarter of an import's time (make bench-import),
/// and reading through `Row` most of the time to read a catalogue's tag index.
struct BulkStatement {
    private let statement: Statement
    private let connection: OpaquePointer?
    private var handle: OpaquePointer { statement.sqliteStatement }

    /// Prepares `sql` on `db`.
    init(_ db: Database, sql: String) throws {
        statement = try db.makeStatement(sql: sql)
        connection = db.sqliteConnection
    }

    /// Binds text, or NULL for `nil`, to the 1-based parameter `index`.
    func bind(_ text: String?, at index: Int32) {
        guard let text else {
            sqlite3_bind_null(handle, index)
            return
        }
        // An empty buffer's address may be nil, which SQLite would bind as NULL.
        if text.isEmpty {
            sqlite3_bind_text(handle, index, "", 0, Self.transient)
            return
        }
        let bound = text.utf8.withContiguousStorageIfAvailable { bytes in
            bytes.withMemoryRebound(to: CChar.self) {
                sqlite3_bind_text(handle, index, $0.baseAddress, Int32($0.count), Self.transient)
            }
        }
        if bound == nil { sqlite3_bind_text(handle, index, text, -1, Self.transient) }
    }

    /// Binds UTF-8 text in place, or NULL for `nil`, to the 1-based parameter `index`: SQLite keeps
    /// the pointer, so the bytes must stay valid and unchanged until the statement has run.
    func bind(utf8 text: UnsafeBufferPointer<UInt8>?, at index: Int32) {
        guard let text else {
            sqlite3_bind_null(handle, index)
            return
        }
        guard let base = text.baseAddress, !text.isEmpty else {
            sqlite3_bind_text(handle, index, "", 0, Self.transient)
            return
        }
        base.withMemoryRebound(to: CChar.self, capacity: text.count) {
            _ = sqlite3_bind_text(handle, index, $0, Int32(text.count), Self.static)
        }
    }

    /// Binds a real number to the 1-based parameter `index`.
    func bind(_ value: Double, at index: Int32) {
        sqlite3_bind_double(handle, index, value)
    }

    /// Binds an integer to the 1-based parameter `index`.
    func bind(_ value: Int64, at index: Int32) {
        sqlite3_bind_int64(handle, index, value)
    }

    /// Runs the statement with the values bound, and returns the first column of the first row it
    /// gives (a `RETURNING id`), if any. Bindings stay for the next run unless rebound.
    @discardableResult
    func run() throws -> Int64? {
        var first: Int64?
        while try step() {
            if first == nil { first = int64(at: 0) }
        }
        return first
    }

    /// Steps to the statement's next row; `false` when there is none, and the statement is reset
    /// for the next run.
    func step() throws -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW:
            return true
        case SQLITE_DONE:
            sqlite3_reset(handle)
            return false
        case let code:
            let message = String(cString: sqlite3_errmsg(connection))
            sqlite3_reset(handle)
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
        }
    }

    /// The current row's 0-based `column` as an integer.
    func int64(at column: Int32) -> Int64 {
        sqlite3_column_int64(handle, column)
    }

    /// SQLite's `SQLITE_TRANSIENT`: copy the bytes before the call returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
    /// SQLite's `SQLITE_STATIC`: use the bytes where they are.
    private static let `static` = unsafeBitCast(0, to: sqlite3_destructor_type.self)
}
