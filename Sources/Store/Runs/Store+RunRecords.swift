public import Foundation
import GRDB
public import Records

/// A labeled track of a label set with its stored features for one extractor, or why it has none.
public struct TrainingRow: Sendable {
    /// The store's id for the track.
    public var trackID: Int64
    /// The catalogue's id for it.
    public var catalogueID: String
    /// The classes the label set gives it.
    public var classes: [String]
    /// Its features, when the cache has them.
    public var features: FeatureMatrix?
    /// The recorded extraction failure (`code: message`), when there is one.
    public var failure: String?
}

/// A fold of an interrupted training, as checkpointed.
public struct FoldCheckpoint: Sendable {
    /// The fold, from 0.
    public var fold: Int
    /// Its held-out tracks, in row order.
    public var tracks: [Int64]
    /// Their class probabilities, tracks × classes.
    public var probabilities: [Float]
    /// The fold's training curve.
    public var curve: TrainingCurve

    /// Creates a checkpoint.
    public init(fold: Int, tracks: [Int64], probabilities: [Float], curve: TrainingCurve) {
        self.fold = fold
        self.tracks = tracks
        self.probabilities = probabilities
        self.curve = curve
    }
}

/// A finished training run, as the store records it in one transaction.
public struct NewRun: Sendable {
    public var name: String?
    public var labelSetID: Int64
    public var extractorID: Int64
    public var splitID: Int64
    public var classes: [String]
    public var multiLabel: Bool
    public var options: TrainingOptions
    public var curves: RunCurves
    public var seconds: Double
    /// The final model file's bytes.
    public var model: Data
    public var author: String
    /// Out-of-fold probabilities: track, fold (from 1), probabilities in class order.
    public var predictions: [(track: Int64, fold: Int, probabilities: [Float])]
    /// Labeled tracks the run could not use, with why.
    public var skipped: [(track: Int64, reason: String)]
    /// The checkpoint key whose folds the run supersedes.
    public var checkpoint: String

    /// Creates a run record.
    public init(
        name: String?, labelSetID: Int64, extractorID: Int64, splitID: Int64, classes: [String], multiLabel: Bool,
        options: TrainingOptions, curves: RunCurves, seconds: Double, model: Data, author: String,
        predictions: [(track: Int64, fold: Int, probabilities: [Float])], skipped: [(track: Int64, reason: String)],
        checkpoint: String
    ) {
        self.name = name
        self.labelSetID = labelSetID
        self.extractorID = extractorID
        self.splitID = splitID
        self.classes = classes
        self.multiLabel = multiLabel
        self.options = options
        self.curves = curves
        self.seconds = seconds
        self.model = model
        self.author = author
        self.predictions = predictions
        self.skipped = skipped
        self.checkpoint = checkpoint
    }
}

extension Store {
    /// The labeled tracks of `set`, in id order, with their `spec` features or recorded failure.
    public func trainingRows(of set: LabelSet, extractor spec: ExtractorSpec) async throws -> [TrainingRow] {
        try await writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT l.track_id, t.catalogue_id, group_concat(l.class, char(31)) AS classes, f.rows, f.columns,
                           f.data, x.code, x.message
                    FROM label l JOIN track t ON t.id = l.track_id
                    LEFT JOIN extractor e ON e.parameters_hash = ?
                    LEFT JOIN feature f ON f.track_id = l.track_id AND f.extractor_id = e.id
                    LEFT JOIN feature_failure x ON x.track_id = l.track_id AND x.extractor_id = e.id
                    WHERE l.label_set_id = ?
                    GROUP BY l.track_id ORDER BY l.track_id
                    """,
                arguments: [spec.parametersHash, set.id]
            ).map { row in
                // By position (the SELECT's order): a name lookup per column and row costs more than the
                // rest of the decoding on a large label version.
                var features: FeatureMatrix?
                if let data = row[5] as Data?, let rows = row[3] as Int?, let columns = row[4] as Int? {
                    features = FeatureMatrix(
                        rows: rows, columns: columns,
                        values: FeatureBlob.storedValues(data, rows: rows, columns: columns))
                }
                return TrainingRow(
                    trackID: row[0], catalogueID: row[1],
                    classes: ((row[2] as String?) ?? "").split(separator: "\u{1F}").map(String.init),
                    features: features,
                    failure: (row[6] as String?).map { "\($0): \(row[7] as String? ?? "")" })
            }
        }
    }

    /// The folds checkpointed under `key` by a training that was interrupted.
    public func checkpoints(_ key: String) async throws -> [FoldCheckpoint] {
        try await writer.read { db in
            try Row.fetchAll(
                db, sql: "SELECT fold, tracks, probabilities, curve FROM train_checkpoint WHERE key = ?",
                arguments: [key]
            ).map { stored in
                FoldCheckpoint(
                    fold: stored["fold"], tracks: FeatureBlob.int64s(littleEndian: stored["tracks"]),
                    probabilities: FeatureBlob.floats(littleEndian: stored["probabilities"]),
                    curve: try JSONDecoder().decode(TrainingCurve.self, from: Data((stored["curve"] as String).utf8)))
            }
        }
    }

    /// Saves one finished fold of a training under `key`.
    public func saveCheckpoint(_ key: String, _ checkpoint: FoldCheckpoint) async throws {
        let curve = try JSONEncoder.sorted.string(checkpoint.curve)
        try await writer.write { db in
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO train_checkpoint (key, fold, tracks, probabilities, curve, created_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    key, checkpoint.fold, FeatureBlob.littleEndianBytes(checkpoint.tracks),
                    FeatureBlob.littleEndianBytes(checkpoint.probabilities), curve, Date(),
                ])
            try db.execute(
                sql: "DELETE FROM train_epoch WHERE key = ? AND fold = ?", arguments: [key, checkpoint.fold + 1])
        }
    }

    /// Saves the state of training `fold` (from 1; 0 is the final model) of the run under `key`
    /// after an epoch, replacing the one before. Synchronous: trainings call it between epochs.
    public func saveEpochState(_ key: String, fold: Int, _ state: Data) throws {
        try writer.write { db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO train_epoch (key, fold, state, saved_at) VALUES (?, ?, ?, ?)",
                arguments: [key, fold, state, Date()])
        }
    }

    /// The last state saved for training `fold` of the run under `key`, if any.
    public func epochState(_ key: String, fold: Int) throws -> Data? {
        try writer.read { db in
            try Data.fetchOne(
                db, sql: "SELECT state FROM train_epoch WHERE key = ? AND fold = ?", arguments: [key, fold])
        }
    }

    /// Stores a finished run, its predictions and skipped tracks in one transaction, and drops the
    /// checkpoints it supersedes.
    public func insertRun(_ run: NewRun) async throws -> Run {
        try await insertRuns([run])[0]
    }

    /// Stores the runs of one multi-task training (one per task, in task order) in one
    /// transaction; with more than one, each run's ``Run/taskGroup`` is the first's id.
    public func insertRuns(_ runs: [NewRun]) async throws -> [Run] {
        for name in runs.compactMap(\.name) { try Self.requireName(name, of: "a run") }
        let ids = try await writer.write { db -> [Int64] in
            // Runs are immutable, so the first run's id is known before it is written.
            let group =
                runs.count > 1 ? try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) + 1 FROM run") : nil
            var ids: [Int64] = []
            for run in runs { ids.append(try Self.insert(run, id: ids.isEmpty ? group : nil, group: group, db)) }
            return ids
        }
        var stored: [Run] = []
        for id in ids { stored.append(try await self.run(id)) }
        return stored
    }

    private static func insert(_ run: NewRun, id: Int64?, group: Int64?, _ db: Database) throws -> Int64 {
        if let name = run.name,
            try Int.fetchOne(db, sql: "SELECT 1 FROM run WHERE name = ?", arguments: [name]) != nil
        {
            throw StoreError(.conflict, "a run named '\(name)' already exists; choose another --name")
        }
        try db.execute(
            sql: """
                INSERT INTO run (id, name, label_set_id, extractor_id, split_id, classes, multi_label, options, curves,
                                 seconds, model, tool_version, created_by, created_at, task_group)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                id, run.name, run.labelSetID, run.extractorID, run.splitID, try JSONEncoder.sorted.string(run.classes),
                run.multiLabel, try JSONEncoder.sorted.string(run.options),
                try JSONEncoder.sorted.string(run.curves), run.seconds, run.model, Self.toolVersion, run.author,
                Date(), group,
            ])
        let id = db.lastInsertedRowID
        try db.execute(sql: "DELETE FROM train_checkpoint WHERE key = ?", arguments: [run.checkpoint])
        try db.execute(sql: "DELETE FROM train_epoch WHERE key = ?", arguments: [run.checkpoint])
        // One prepared statement per table: compiling the SQL again for each of thousands of rows
        // cost more than inserting them.
        let prediction = try db.cachedStatement(
            sql: "INSERT INTO run_prediction (run_id, track_id, fold, probabilities) VALUES (?, ?, ?, ?)")
        for row in run.predictions {
            try prediction.execute(arguments: [
                id, row.track, row.fold, FeatureBlob.littleEndianBytes(row.probabilities),
            ])
        }
        let skipped = try db.cachedStatement(
            sql: "INSERT INTO run_skipped (run_id, track_id, reason) VALUES (?, ?, ?)")
        for (track, reason) in run.skipped { try skipped.execute(arguments: [id, track, reason]) }
        return id
    }
}
