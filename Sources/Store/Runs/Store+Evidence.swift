import Foundation
import GRDB
public import Records

/// A tag of a track with the evidence a label set recorded for it.
public struct TagEvidenceRecord: Sendable, Equatable {
    /// The tag as the catalogue wrote it.
    public var tag: String
    /// The keyword hits or lexicon matches of the tag.
    public var evidence: Evidence
}

extension Store {
    /// The tags of `tracks` that have evidence in the label set `evidenceSet`, per track in tag order.
    public func tagEvidence(ofTracks tracks: [Int64], in evidenceSet: Int64) async throws -> [Int64:
        [TagEvidenceRecord]]
    {
        guard !tracks.isEmpty else { return [:] }
        return try await writer.read { db in
            var evidence: [Int64: [TagEvidenceRecord]] = [:]
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT tt.track_id, COALESCE(tt.original, tag.name) AS tag, e.evidence
                    FROM track_tag tt JOIN tag ON tag.id = tt.tag_id
                    JOIN label_tag_evidence e ON e.tag_id = tt.tag_id AND e.label_set_id = ?
                    WHERE tt.track_id IN (SELECT value FROM json_each(?)) ORDER BY tt.track_id, tt.position
                    """,
                arguments: [evidenceSet, try JSONEncoder.sorted.string(tracks)])
            while let row = try rows.next() {
                evidence[row["track_id"], default: []].append(
                    TagEvidenceRecord(
                        tag: row["tag"], evidence: try Self.decoded(Evidence.self, row["evidence"] as String)))
            }
            return evidence
        }
    }

    /// For each of `tracks` with a one-row feature vector from an extractor named `extractor` (any
    /// parameters; the most recent row), the vector's `values` slice: only those bytes are read.
    public func latestVectorValues(extractor: String, values: Range<Int>, tracks: Set<Int64>) async throws
        -> [Int64: [Float]]
    {
        try await writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT f.track_id, substr(f.data, ?, ?) AS slice FROM feature f
                    JOIN extractor e ON e.id = f.extractor_id
                    WHERE e.name = ? AND f.rows = 1 ORDER BY f.extracted_at
                    """, arguments: [4 * values.lowerBound + 1, 4 * values.count, extractor]
            ).reduce(into: [Int64: [Float]]()) { found, row in
                let track: Int64 = row["track_id"]
                guard tracks.contains(track) else { return }
                let floats = FeatureBlob.floats(littleEndian: row["slice"])
                if floats.count == values.count { found[track] = floats }
            }
        }
    }
}
