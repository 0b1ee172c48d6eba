public import Foundation
import GRDB
import Records

/// A track as the catalogue commands show it.
public struct TrackSummary: Sendable, Equatable, Codable {
    /// The store's id for the track.
    public var id: Int64
    /// The catalogue's own id.
    public var catalogueID: String
    /// The absolute audio path, when the catalogue gives one.
    public var audioPath: String?
    /// The title.
    public var title: String?
    /// The artist.
    public var artist: String?
    /// The normalised tag names, in catalogue order.
    public var tags: [String]
    /// Unmapped catalogue fields, by name.
    public var attributes: [String: String]
}

/// A normalised tag with the number of tracks that carry it.
public struct TagCount: Sendable, Equatable, Codable {
    /// The normalised tag name.
    public var tag: String
    /// How many tracks carry it.
    public var tracks: Int

    /// Creates a count.
    public init(tag: String, tracks: Int) {
        self.tag = tag
        self.tracks = tracks
    }
}

/// An imported catalogue file.
public struct SourceSummary: Sendable, Equatable, Codable {
    /// The store's id for the source.
    public var id: Int64
    /// The file, as an absolute path.
    public var path: String
    /// Its format (`csv`, `tsv`, `xml`, `itunes`, `rekordbox`).
    public var format: String
    /// Its text encoding, for text formats.
    public var encoding: String?
    /// Records read at the last import.
    public var rowCount: Int
    /// SHA-256 of the file at the last import.
    public var contentHash: String
    /// When it was last imported.
    public var importedAt: Date
}

extension Store {
    /// The number of tracks in the store.
    public func trackCount() async throws -> Int {
        try await writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM track") ?? 0 }
    }

    /// The first `limit` tracks in import order, with their tags; with `matching`, only those whose
    /// catalogue id, title, artist or a tag contains that text (case-insensitive for Latin letters).
    public func tracks(matching query: String? = nil, limit: Int, offset: Int = 0) async throws -> [TrackSummary] {
        let pattern = query.flatMap { $0.isEmpty ? nil : "%" + Self.likeEscaped($0) + "%" }
        return try await writer.read { db in
            try Self.summaries(
                db,
                filter: """
                    (?1 IS NULL OR catalogue_id LIKE ?1 ESCAPE '\\' OR title LIKE ?1 ESCAPE '\\'
                     OR artist LIKE ?1 ESCAPE '\\' OR EXISTS (
                        SELECT 1 FROM track_tag JOIN tag ON tag.id = track_tag.tag_id
                        WHERE track_tag.track_id = track.id AND tag.name LIKE ?1 ESCAPE '\\'))
                    ORDER BY track.id LIMIT ?2 OFFSET ?3
                    """, arguments: [pattern, limit, offset])
        }
    }

    /// The track the catalogue calls `catalogueID`.
    public func track(_ catalogueID: String) async throws -> TrackSummary {
        try await writer.read { db in
            let id = try Self.trackID(catalogueID: catalogueID, db)
            guard let track = try Self.summaries(db, filter: "track.id = ?1", arguments: [id]).first else {
                throw StoreError(.notFound, "no track '\(catalogueID)'")
            }
            return track
        }
    }

    private static func summaries(_ db: Database, filter: String, arguments: StatementArguments) throws
        -> [TrackSummary]
    {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT track.id, catalogue_id, audio_path, title, artist, attributes,
                       (SELECT group_concat(name, char(31)) FROM
                           (SELECT tag.name FROM track_tag JOIN tag ON tag.id = track_tag.tag_id
                            WHERE track_tag.track_id = track.id ORDER BY position)) AS tags
                FROM track WHERE \(filter)
                """, arguments: arguments)
        return try rows.map { row in
            let attributesJSON: String = row["attributes"]
            let attributes = try JSONDecoder().decode([String: String].self, from: Data(attributesJSON.utf8))
            let tags: String? = row["tags"]
            return TrackSummary(
                id: row["id"], catalogueID: row["catalogue_id"], audioPath: row["audio_path"],
                title: row["title"], artist: row["artist"],
                tags: tags.map { $0.split(separator: "\u{1F}").map(String.init) } ?? [],
                attributes: attributes)
        }
    }

    /// `text` with LIKE's wildcards escaped (`\\` is the escape character).
    static func likeEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
    }

    /// The `limit` most frequent normalised tags, most frequent first (ties by name).
    public func topTags(limit: Int) async throws -> [TagCount] {
        try await writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT tag.name, counts.n FROM
                        (SELECT tag_id, COUNT(*) AS n FROM track_tag GROUP BY tag_id) AS counts
                    JOIN tag ON tag.id = counts.tag_id
                    ORDER BY counts.n DESC, tag.name LIMIT ?
                    """, arguments: [limit]
            ).map { TagCount(tag: $0["name"], tracks: $0["n"]) }
        }
    }

    /// Every imported source file, oldest first.
    public func sources() async throws -> [SourceSummary] {
        try await writer.read { db in
            try SourceRow.order(Column("id")).fetchAll(db).map {
                SourceSummary(
                    id: $0.id, path: $0.path, format: $0.format, encoding: $0.encoding, rowCount: $0.rowCount,
                    contentHash: $0.contentHash, importedAt: $0.importedAt)
            }
        }
    }
}
