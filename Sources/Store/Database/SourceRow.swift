import Foundation
import GRDB

/// A row of the `source` table: one imported catalogue file.
struct SourceRow: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "source"
    var id: Int64!
    var path: String
    var contentHash: String
    var format: String
    var encoding: String?
    var rowCount: Int
    var revision: Int64
    var importedAt: Date

    enum CodingKeys: String, CodingKey {
        case id, path, format, encoding, revision
        case contentHash = "content_hash"
        case rowCount = "row_count"
        case importedAt = "imported_at"
    }

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
