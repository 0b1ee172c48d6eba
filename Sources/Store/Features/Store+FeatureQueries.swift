import Foundation
import GRDB
public import Records

/// One track's stored features.
public struct StoredFeatures: Sendable {
    /// The catalogue's id for the track.
    public var catalogueID: String
    /// The features.
    public var matrix: FeatureMatrix
    /// Whether the audio was flagged silent.
    public var silent: Bool
}

/// What the store holds for one extractor.
public struct ExtractorSummary: Sendable, Equatable {
    /// The extractor and its parameters.
    public var spec: ExtractorSpec
    /// Tracks with features.
    public var tracks: Int
    /// Tracks with a recorded failure.
    public var failures: Int
    /// Tracks flagged silent.
    public var silent: Int
}

extension Store {
    /// The recorded failures for `spec` (every extractor when `nil`), in catalogue order; with
    /// `track`, only that track's.
    public func featureFailures(for spec: ExtractorSpec?, track: String? = nil) async throws -> [FeatureFailure] {
        try await writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT t.catalogue_id, t.audio_path, x.code, x.message
                    FROM feature_failure x JOIN track t ON t.id = x.track_id JOIN extractor e ON e.id = x.extractor_id
                    WHERE (?1 IS NULL OR e.parameters_hash = ?1) AND (?2 IS NULL OR t.catalogue_id = ?2)
                    ORDER BY t.id, e.id
                    """,
                arguments: [spec?.parametersHash, track]
            ).map {
                FeatureFailure(
                    catalogueID: $0["catalogue_id"], path: $0["audio_path"], code: $0["code"], message: $0["message"])
            }
        }
    }

    /// The stored features of `spec` for every track that has them, in catalogue order.
    public func features(for spec: ExtractorSpec) async throws -> [StoredFeatures] {
        try await writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT t.catalogue_id, f.rows, f.columns, f.data, f.silent
                    FROM feature f JOIN track t ON t.id = f.track_id JOIN extractor e ON e.id = f.extractor_id
                    WHERE e.parameters_hash = ? ORDER BY t.id
                    """,
                arguments: [spec.parametersHash]
            ).map { row in
                StoredFeatures(
                    catalogueID: row["catalogue_id"],
                    matrix: FeatureMatrix(
                        rows: row["rows"], columns: row["columns"],
                        values: FeatureBlob.storedValues(row["data"], rows: row["rows"], columns: row["columns"])),
                    silent: row["silent"])
            }
        }
    }

    /// Every extractor the store has used, with how many tracks it covers.
    public func extractors() async throws -> [ExtractorSummary] {
        try await writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT e.spec,
                           (SELECT count(*) FROM feature f WHERE f.extractor_id = e.id) AS tracks,
                           (SELECT count(*) FROM feature f WHERE f.extractor_id = e.id AND f.silent) AS silent,
                           (SELECT count(*) FROM feature_failure x WHERE x.extractor_id = e.id) AS failures
                    FROM extractor e ORDER BY e.id
                    """
            ).map { row in
                ExtractorSummary(
                    spec: try JSONDecoder().decode(ExtractorSpec.self, from: Data((row["spec"] as String).utf8)),
                    tracks: row["tracks"], failures: row["failures"], silent: row["silent"])
            }
        }
    }

    /// Copies the feature rows and failures of the stores at `paths` into this one, matching tracks by
    /// catalogue id and audio path and extractors by parameters hash; of two rows for the same track
    /// and extractor the more recent wins. Returns the rows copied per store.
    ///
    /// A store holding a row of another shape than the extractor's (this store's rows, else the
    /// other store's majority) or a non-finite value is refused whole, naming the track.
    public func mergeFeatures(from paths: [String]) async throws -> [(path: String, features: Int, failures: Int)] {
        var merged: [(path: String, features: Int, failures: Int)] = []
        for path in paths {
            // Opening migrates the other store to this schema before it is attached.
            _ = try Store.open(at: path)
            let counts = try await writer.writeWithoutTransaction { db in
                try db.execute(sql: "ATTACH DATABASE ? AS other", arguments: [path])
                defer { try? db.execute(sql: "DETACH DATABASE other") }
                var counts = (features: 0, failures: 0)
                try db.inTransaction {
                    try Self.checkMergedFeatures(from: path, db)
                    try db.execute(
                        sql: """
                            INSERT INTO extractor (name, version, parameters_hash, spec)
                            SELECT name, version, parameters_hash, spec FROM other.extractor WHERE true
                            ON CONFLICT (parameters_hash) DO NOTHING
                            """)
                    try db.execute(sql: Self.mergeFeaturesSQL)
                    counts.features = db.changesCount
                    // A track another store extracted no longer has this store's failure.
                    try db.execute(
                        sql: """
                            DELETE FROM feature_failure WHERE EXISTS (
                                SELECT 1 FROM feature f
                                WHERE f.track_id = feature_failure.track_id AND f.extractor_id = feature_failure.extractor_id)
                            """)
                    try db.execute(sql: Self.mergeFailuresSQL)
                    counts.failures = db.changesCount
                    return .commit
                }
                return counts
            }
            merged.append((path, counts.features, counts.failures))
        }
        return merged
    }

    /// Refuses the attached store's feature rows when one has another shape than its extractor's
    /// rows (those of this store, else the attached store's most common shape) or a non-finite value.
    private static func checkMergedFeatures(from path: String, _ db: Database) throws {
        struct Shape: Hashable {
            var columns: Int
            /// Whether rows are one vector per track (pooled extractors) rather than a matrix.
            var vector: Bool
        }
        var expected: [String: Shape] = [:]
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT oe.parameters_hash AS hash, o.columns, o.rows = 1 AS vector, count(*) AS n,
                       (SELECT f.columns FROM feature f JOIN extractor e ON e.id = f.extractor_id
                        WHERE e.parameters_hash = oe.parameters_hash LIMIT 1) AS own_columns,
                       (SELECT f.rows = 1 FROM feature f JOIN extractor e ON e.id = f.extractor_id
                        WHERE e.parameters_hash = oe.parameters_hash LIMIT 1) AS own_vector
                FROM other.feature o JOIN other.extractor oe ON oe.id = o.extractor_id
                GROUP BY 1, 2, 3 ORDER BY n DESC
                """)
        {
            let hash: String = row["hash"]
            if let columns: Int = row["own_columns"] {
                expected[hash] = Shape(columns: columns, vector: row["own_vector"])
            } else if expected[hash] == nil {
                expected[hash] = Shape(columns: row["columns"], vector: row["vector"])
            }
        }
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT ot.catalogue_id, oe.name, oe.parameters_hash AS hash, o.rows, o.columns, o.data
                FROM other.feature o JOIN other.track ot ON ot.id = o.track_id
                JOIN other.extractor oe ON oe.id = o.extractor_id
                """)
        while let row = try rows.next() {
            let track: String = row["catalogue_id"], name: String = row["name"]
            let shape = Shape(columns: row["columns"], vector: row["rows"] as Int == 1)
            if let want = expected[row["hash"]], shape != want {
                let have = shape.vector ? "\(shape.columns) values" : "rows of \(shape.columns) values"
                let need = want.vector ? "\(want.columns) values" : "rows of \(want.columns) values"
                throw StoreError(
                    .invalidRequest,
                    "\(path): track '\(track)' has \(have) of \(name) features where the others have \(need); "
                        + "nothing was merged from it. Extract that track again in the other store")
            }
            if !FeatureBlob.storedValues(row["data"], rows: row["rows"], columns: row["columns"]).allSatisfy(\.isFinite)
            {
                throw StoreError(
                    .invalidRequest,
                    "\(path): track '\(track)' has non-finite \(name) features (NaN or infinity); nothing was "
                        + "merged from it. Extract that track again in the other store")
            }
        }
    }

    /// Pairs each row of the attached store with this store's track and extractor ids.
    private static let mergeJoin = """
        JOIN other.track ot ON ot.id = o.track_id
        JOIN track t ON t.catalogue_id = ot.catalogue_id AND t.audio_path IS ot.audio_path
        JOIN other.extractor oe ON oe.id = o.extractor_id
        JOIN extractor e ON e.parameters_hash = oe.parameters_hash
        """

    private static let mergeFeaturesSQL = """
        INSERT INTO feature (track_id, extractor_id, file_size, file_mtime_ns, rows, columns, data, silent, source,
                             extracted_at)
        SELECT t.id, e.id, o.file_size, o.file_mtime_ns, o.rows, o.columns, o.data, o.silent, o.source, o.extracted_at
        FROM other.feature o \(mergeJoin)
        WHERE true
        ON CONFLICT (track_id, extractor_id) DO UPDATE SET
            file_size = excluded.file_size, file_mtime_ns = excluded.file_mtime_ns, rows = excluded.rows,
            columns = excluded.columns, data = excluded.data, silent = excluded.silent, source = excluded.source,
            extracted_at = excluded.extracted_at
        WHERE excluded.extracted_at > feature.extracted_at
        """

    private static let mergeFailuresSQL = """
        INSERT INTO feature_failure (track_id, extractor_id, file_size, file_mtime_ns, code, message, failed_at)
        SELECT t.id, e.id, o.file_size, o.file_mtime_ns, o.code, o.message, o.failed_at
        FROM other.feature_failure o \(mergeJoin)
        WHERE NOT EXISTS (SELECT 1 FROM feature f WHERE f.track_id = t.id AND f.extractor_id = e.id)
        ON CONFLICT (track_id, extractor_id) DO UPDATE SET
            file_size = excluded.file_size, file_mtime_ns = excluded.file_mtime_ns, code = excluded.code,
            message = excluded.message, failed_at = excluded.failed_at
        WHERE excluded.failed_at > feature_failure.failed_at
        """
}
