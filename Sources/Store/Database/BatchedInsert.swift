import GRDB

/// Rows of one table written `rowsPerStatement` at a time with one multi-row `INSERT`: with a
/// statement per row, SQLite's per-statement work was a third of an import (make bench-import).
///
/// Rows wait in memory until a statement's worth has gathered; ``flush()`` writes the rest, and
/// must run before anything reads the table or deletes from it in the same transaction.
struct BatchedInsert<Row> {
    private let one: BulkStatement
    private let many: BulkStatement
    private let rowsPerStatement: Int
    private let width: Int32
    private let bind: (Row, BulkStatement, Int32) -> Void
    private var pending: [Row] = []

    /// Prepares the inserts into `columns` of `table`; `bind` binds one row's values to the
    /// statement's parameters from the 1-based index it is given, in column order.
    init(
        _ db: Database, into table: String, columns: [String], rowsPerStatement: Int = 32,
        bind: @escaping (Row, BulkStatement, Int32) -> Void
    ) throws {
        let sql = "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES "
        let values = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
        one = try BulkStatement(db, sql: sql + values)
        many = try BulkStatement(
            db, sql: sql + Array(repeating: values, count: rowsPerStatement).joined(separator: ", "))
        self.rowsPerStatement = rowsPerStatement
        width = Int32(columns.count)
        self.bind = bind
        pending.reserveCapacity(rowsPerStatement)
    }

    /// Adds a row; it is written by the time ``flush()`` returns.
    mutating func insert(_ row: Row) throws {
        pending.append(row)
        guard pending.count == rowsPerStatement else { return }
        for (index, row) in pending.enumerated() { bind(row, many, width * Int32(index) + 1) }
        try many.run()
        pending.removeAll(keepingCapacity: true)
    }

    /// Writes the rows not written yet.
    mutating func flush() throws {
        for row in pending {
            bind(row, one, 1)
            try one.run()
        }
        pending.removeAll(keepingCapacity: true)
    }
}
