public import Foundation
import GRDB
import Records

extension Store {
    /// The run a user names: its id, or its name.
    public func run(named reference: String) async throws -> Run {
        if let id = Int64(reference) { return try await run(id) }
        let id = try await writer.read { db in
            try Int64.fetchOne(db, sql: "SELECT id FROM run WHERE name = ?", arguments: [reference])
        }
        guard let id else { throw StoreError(.notFound, "no run '\(reference)'; `tagmine runs` lists them") }
        return try await run(id)
    }

    /// The run with `id`.
    public func run(_ id: Int64) async throws -> Run {
        try await writer.read { db in
            guard let row = try Row.fetchOne(db, sql: Self.runSQL + " WHERE r.id = ?", arguments: [id]) else {
                throw StoreError(.notFound, "no run \(id); `tagmine runs` lists them")
            }
            return try Self.run(row)
        }
    }

    /// The runs of `run`'s multi-task training, one per task in task order (just `run` for a
    /// single-task run).
    public func taskRuns(of run: Run) async throws -> [Run] {
        guard let group = run.taskGroup else { return [run] }
        return try await writer.read { db in
            try Row.fetchAll(db, sql: Self.runSQL + " WHERE r.task_group = ? ORDER BY r.id", arguments: [group])
                .map(Self.run)
        }
    }

    /// Every run, oldest first.
    public func runs() async throws -> [Run] {
        try await writer.read { db in try Row.fetchAll(db, sql: Self.runSQL + " ORDER BY r.id").map(Self.run) }
    }

    /// A run's out-of-fold predictions, in catalogue order.
    public func predictions(of run: Run) async throws -> [RunPrediction] {
        try await writer.read { db in
            let index = Dictionary(uniqueKeysWithValues: run.classes.enumerated().map { ($1, $0) })
            return try Row.fetchAll(
                db,
                sql: """
                    SELECT p.track_id, t.catalogue_id, p.fold, p.probabilities,
                           (SELECT group_concat(l.class, char(31)) FROM label l
                            WHERE l.label_set_id = ? AND l.track_id = p.track_id) AS given
                    FROM run_prediction p JOIN track t ON t.id = p.track_id
                    WHERE p.run_id = ? ORDER BY t.id
                    """,
                arguments: [run.labelSetID, run.id]
            ).map { row in
                // By position (the SELECT's order), which is cheaper than by name for every row.
                RunPrediction(
                    trackID: row[0], catalogueID: row[1],
                    given: ((row[4] as String?) ?? "").split(separator: "\u{1F}").compactMap { index[String($0)] }
                        .sorted(),
                    fold: row[2], probabilities: FeatureBlob.floats(littleEndian: row[3]))
            }
        }
    }

    /// The labeled tracks a run could not use, with why.
    public func skippedTracks(of run: Run) async throws -> [SkippedTrack] {
        try await writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT t.catalogue_id, s.reason FROM run_skipped s JOIN track t ON t.id = s.track_id
                    WHERE s.run_id = ? ORDER BY t.id
                    """, arguments: [run.id]
            ).map { SkippedTrack(catalogueID: $0["catalogue_id"], reason: $0["reason"]) }
        }
    }

    /// A run's final model file, as stored (`TrainingWorkflow.model(of:)` reads it).
    public func modelFile(of run: Run) async throws -> Data {
        try await writer.read { db in
            try Data.fetchOne(db, sql: "SELECT model FROM run WHERE id = ?", arguments: [run.id]) ?? Data()
        }
    }

    private static let runSQL = """
        SELECT r.*, e.spec,
               (SELECT count(*) FROM run_prediction p WHERE p.run_id = r.id) AS predicted,
               (SELECT count(*) FROM run_skipped s WHERE s.run_id = r.id) AS skipped
        FROM run r JOIN extractor e ON e.id = r.extractor_id
        """

    private static func run(_ row: Row) throws -> Run {
        let decoder = JSONDecoder()
        func decode<T: Decodable>(_ type: T.Type, _ column: String) throws -> T {
            try decoder.decode(type, from: Data((row[column] as String).utf8))
        }
        return Run(
            id: row["id"], name: row["name"], labelSetID: row["label_set_id"], splitID: row["split_id"],
            extractor: try decode(ExtractorSpec.self, "spec"), classes: try decode([String].self, "classes"),
            multiLabel: row["multi_label"], options: try decode(TrainingOptions.self, "options"),
            curves: try decode(RunCurves.self, "curves"), seconds: row["seconds"], predictedTracks: row["predicted"],
            skippedTracks: row["skipped"], createdBy: row["created_by"], createdAt: row["created_at"],
            taskGroup: row["task_group"])
    }
}
