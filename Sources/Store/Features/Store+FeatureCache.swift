import Foundation
import GRDB
public import Records

/// A file's size and modification time (ns): the feature cache's validity key.
public struct FileStamp: Equatable, Sendable {
    /// Bytes.
    public var size: Int64
    /// Nanoseconds since the epoch.
    public var modified: Int64

    /// A stamp, or `nil` unless both parts are known.
    public init?(size: Int64?, modified: Int64?) {
        guard let size, let modified else { return nil }
        self.size = size
        self.modified = modified
    }
}

/// A track and what the feature cache holds for it under one extractor.
public struct FeatureCacheEntry: Sendable {
    /// The store's id for the track.
    public var trackID: Int64
    /// The catalogue's id for it.
    public var catalogueID: String
    /// Its audio path.
    public var path: String?
    /// The file as it was when its cached features were extracted.
    public var cached: FileStamp?
    /// The file as it was when extraction last failed.
    public var failed: FileStamp?
    /// Why it failed (`nil`: it did not, or with a code this Tagmine does not know).
    public var failure: AudioError.Code?
}

/// What extracting one track gave: features or a failure, for the file as it was.
public struct FeatureResult: Sendable {
    /// The store's id for the track.
    public var trackID: Int64
    /// The file as it was extracted (`nil`: no file to look at).
    public var file: FileStamp?
    /// The features, or why there are none.
    public var result: Result<Extraction, AudioError>

    /// Creates a result.
    public init(trackID: Int64, file: FileStamp?, result: Result<Extraction, AudioError>) {
        self.trackID = trackID
        self.file = file
        self.result = result
    }
}

extension Store {
    /// The store's id for `spec`, registering it on first use.
    public func registerExtractor(_ spec: ExtractorSpec) async throws -> Int64 {
        try await writer.write { db in
            try db.execute(
                sql: """
                    INSERT INTO extractor (name, version, parameters_hash, spec) VALUES (?, ?, ?, ?)
                    ON CONFLICT (parameters_hash) DO NOTHING
                    """,
                arguments: [spec.name, spec.version, spec.parametersHash, spec.canonicalJSON])
            return try Int64.fetchOne(
                db, sql: "SELECT id FROM extractor WHERE parameters_hash = ?", arguments: [spec.parametersHash]) ?? 0
        }
    }

    /// Every track (or those labeled in the set `labelSet`), in id order, with what the cache holds
    /// for it under the extractor `extractorID`.
    public func featureCacheEntries(extractorID: Int64, labelSet: Int64?) async throws -> [FeatureCacheEntry] {
        try await writer.read { db in
            try Array(
                Row.fetchCursor(
                    db,
                    sql: """
                        SELECT t.id, t.catalogue_id, t.audio_path,
                               f.file_size AS feature_size, f.file_mtime_ns AS feature_mtime,
                               x.file_size AS failure_size, x.file_mtime_ns AS failure_mtime, x.code AS failure
                        FROM track t
                        LEFT JOIN feature f ON f.track_id = t.id AND f.extractor_id = ?1
                        LEFT JOIN feature_failure x ON x.track_id = t.id AND x.extractor_id = ?1
                        WHERE ?2 IS NULL OR t.id IN (SELECT track_id FROM label WHERE label_set_id = ?2)
                        ORDER BY t.id
                        """,
                    arguments: [extractorID, labelSet]
                ).map { row in
                    FeatureCacheEntry(
                        trackID: row["id"], catalogueID: row["catalogue_id"], path: row["audio_path"],
                        cached: FileStamp(size: row["feature_size"], modified: row["feature_mtime"]),
                        failed: FileStamp(size: row["failure_size"], modified: row["failure_mtime"]),
                        failure: (row["failure"] as String?).flatMap(AudioError.Code.init(rawValue:)))
                })
        }
    }

    /// Saves a batch of results in one transaction: features replace a failure and vice versa.
    public func saveFeatureResults(_ results: [FeatureResult], extractorID: Int64) async throws {
        guard !results.isEmpty else { return }
        let encoder = JSONEncoder.sorted
        try await writer.write { db in
            let now = Date()
            for outcome in results {
                let track = outcome.trackID, file = outcome.file
                switch outcome.result {
                case .success(let extraction):
                    let matrix = extraction.features
                    try db.execute(
                        sql: """
                            INSERT INTO feature (track_id, extractor_id, file_size, file_mtime_ns, rows, columns, data,
                                                 silent, source, extracted_at)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                            ON CONFLICT (track_id, extractor_id) DO UPDATE SET
                                file_size = excluded.file_size, file_mtime_ns = excluded.file_mtime_ns,
                                rows = excluded.rows, columns = excluded.columns, data = excluded.data,
                                silent = excluded.silent, source = excluded.source, extracted_at = excluded.extracted_at
                            """,
                        arguments: [
                            track, extractorID, file?.size, file?.modified, matrix.rows, matrix.columns,
                            FeatureBlob.storageBytes(matrix), extraction.silent,
                            try encoder.string(extraction.source), now,
                        ])
                    try db.execute(
                        sql: "DELETE FROM feature_failure WHERE track_id = ? AND extractor_id = ?",
                        arguments: [track, extractorID])
                case .failure(let error):
                    try db.execute(
                        sql: """
                            INSERT OR REPLACE INTO feature_failure
                                (track_id, extractor_id, file_size, file_mtime_ns, code, message, failed_at)
                            VALUES (?, ?, ?, ?, ?, ?, ?)
                            """,
                        arguments: [
                            track, extractorID, file?.size, file?.modified, error.code.rawValue, error.reason, now,
                        ])
                    try db.execute(
                        sql: "DELETE FROM feature WHERE track_id = ? AND extractor_id = ?",
                        arguments: [track, extractorID])
                }
            }
        }
    }
}
