import Foundation
import GRDB
public import Records

extension Store {
    /// Every labeled track of `set` with what an export needs, in track order: its part (from
    /// `parts`), its classes in the set's order with their evidence, and with `withTags` its tags
    /// and their evidence.
    public func exportRows(of set: LabelSet, parts: [Int64: String], withTags: Bool) async throws -> [ExportRow] {
        try await writer.read { db in
            let order = Dictionary(uniqueKeysWithValues: set.classes.enumerated().map { ($1, $0) })
            var rows: [ExportRow] = []
            let cursor = try Row.fetchCursor(
                db,
                sql: """
                    SELECT track.id, track.catalogue_id, track.audio_path, label.class, label.evidence FROM label
                    JOIN track ON track.id = label.track_id WHERE label.label_set_id = ? ORDER BY track.id
                    """, arguments: [set.id])
            while let row = try cursor.next() {
                let track: Int64 = row[0]
                if rows.last?.trackID != track {
                    rows.append(ExportRow(trackID: track, catalogueID: row[1], audioPath: row[2], part: parts[track]))
                }
                rows[rows.count - 1].classes.append(row[3])
                if let evidence = try Self.decoded(LabelEvidence.self, row[4] as String?) {
                    rows[rows.count - 1].labelEvidence[row[3]] = evidence
                }
            }
            let tags = try db.makeStatement(
                sql: """
                    SELECT COALESCE(track_tag.original, tag.name), label_tag_evidence.evidence FROM track_tag
                    JOIN tag ON tag.id = track_tag.tag_id
                    LEFT JOIN label_tag_evidence ON label_tag_evidence.tag_id = track_tag.tag_id
                        AND label_tag_evidence.label_set_id = ?
                    WHERE track_tag.track_id = ? ORDER BY track_tag.position
                    """)
            for index in rows.indices {
                rows[index].classes.sort { (order[$0] ?? .max) < (order[$1] ?? .max) }
                guard withTags else { continue }
                for tag in try Row.fetchAll(tags, arguments: [set.evidenceSetID, rows[index].trackID]) {
                    rows[index].tags.append(tag[0])
                    if let evidence = try Self.decoded(Evidence.self, tag[1] as String?) {
                        rows[index].tagEvidence.append((tag[0], evidence))
                    }
                }
            }
            return rows
        }
    }
}

/// One labeled track as exported.
public struct ExportRow: Sendable {
    public var trackID: Int64
    public var catalogueID: String
    public var audioPath: String?
    public var part: String?
    public var classes: [String] = []
    /// Per class, the label's evidence (corrections, label-file rows).
    public var labelEvidence: [String: LabelEvidence] = [:]
    public var tags: [String] = []
    public var tagEvidence: [(tag: String, evidence: Evidence)] = []
}
