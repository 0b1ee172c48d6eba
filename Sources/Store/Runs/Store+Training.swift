import AudioFeatures
import Crypto
import Foundation
import GRDB
public import Learning
import Pretrained

extension Store {
    /// Trains a head with k-fold out-of-fold probabilities for every labeled track that has features,
    /// then a final model on all of them, and stores the run in one transaction.
    ///
    /// The folds are the label version's latest stored split (any split's parts serve as folds); a
    /// version without one gets stratified (and, with `groupBy`, grouped) folds, stored with it.
    ///
    /// Each fold is checkpointed as it finishes. Training the same request again after an
    /// interruption keeps those folds (`resumed` hears which, from 1, before training starts) and
    /// trains the rest; the run is the one an uninterrupted training would have stored.
    ///
    /// ```swift
    /// let run = try await store.train(TrainRequest(labelSet: genre, extractor: ExtractorSpec(.logmelStats),
    ///                                              options: TrainingOptions(), author: "me"))
    /// ```
    public func train(
        _ request: TrainRequest, progress: (@Sendable (EpochReport) -> Void)? = nil,
        resumed: (@Sendable (_ folds: [Int], _ of: Int) -> Void)? = nil
    ) async throws -> Run {
        if let name = request.name { try Self.requireName(name, of: "a run") }
        let problems = request.options.problems
        guard problems.isEmpty else { throw StoreError(.invalidRequest, problems.joined(separator: "; ")) }
        guard request.extractor.kind != .logmel else {
            throw StoreError(
                .invalidRequest, "train needs one vector per track: use --extractor logmel-stats (logmel is a matrix)")
        }
        let warmStart = try self.warmStart(for: request)
        let started = Date()
        var split = try await self.split(named: nil, of: request.labelSet)
        if split == nil {
            split = try await self.split(
                request.labelSet,
                SplitRequest(
                    method: .folds(request.folds), groupBy: request.groupBy, seed: request.options.seed,
                    author: request.author)
            ).split
        }
        guard let split else { throw StoreError(.invalidRequest, "no folds for label set \(request.labelSet.id)") }
        let parts = try await self.parts(of: split)
        let material = try await trainingMaterial(request.labelSet, spec: request.extractor)
        guard !material.tracks.isEmpty else {
            throw StoreError(
                .invalidRequest,
                "none of label set \(request.labelSet.id)'s \(material.skipped.count) labeled tracks has "
                    + "\(request.extractor.name) features; run `tagmine features --extractor \(request.extractor.name)` first"
            )
        }
        let folds = material.tracks.map { track in parts[track].flatMap(split.parts.firstIndex(of:)) ?? -1 }
        let checkpoint = try checkpointKey(request, split: split, material: material, folds: folds)
        let finished = try await checkpointedFolds(checkpoint, tracks: material.tracks)
        if !finished.isEmpty { resumed?(finished.map { $0.fold + 1 }.sorted(), split.parts.count) }
        let tracks = material.tracks
        let outcome = try await CrossValidation.outOfFold(
            material.data, folds: folds, trainer: Trainer(options: request.options, warmStart: warmStart),
            jobs: request.jobs,
            finished: finished, onFold: { try await self.saveCheckpoint(checkpoint, $0, tracks: tracks) },
            progress: progress)
        let model = try ModelFile(classifier: outcome.final, extractor: request.extractor, training: request.options)
            .encoded()
        let curves = RunCurves(folds: outcome.curves, final: outcome.finalCurve)
        let seconds = Date().timeIntervalSince(started)
        let extractorID = try await register(request.extractor)
        let classes = material.data.classes
        let id = try await writer.write { db -> Int64 in
            if let name = request.name,
                try Int.fetchOne(db, sql: "SELECT 1 FROM run WHERE name = ?", arguments: [name]) != nil
            {
                throw StoreError(.conflict, "a run named '\(name)' already exists; choose another --name")
            }
            try db.execute(
                sql: """
                    INSERT INTO run (name, label_set_id, extractor_id, split_id, classes, multi_label, options, curves,
                                     seconds, model, tool_version, created_by, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    request.name, request.labelSet.id, extractorID, split.id, try JSONEncoder.sorted.string(classes),
                    material.data.multiLabel, try JSONEncoder.sorted.string(request.options),
                    try JSONEncoder.sorted.string(curves), seconds, model, Self.toolVersion, request.author, Date(),
                ])
            let run = db.lastInsertedRowID
            try db.execute(sql: "DELETE FROM train_checkpoint WHERE key = ?", arguments: [checkpoint])
            for (row, track) in material.tracks.enumerated() where folds[row] >= 0 {
                let probabilities = Array(outcome.probabilities[(row * classes.count)..<((row + 1) * classes.count)])
                try db.execute(
                    sql: "INSERT INTO run_prediction (run_id, track_id, fold, probabilities) VALUES (?, ?, ?, ?)",
                    arguments: [run, track, folds[row] + 1, FeatureBlob.littleEndianBytes(probabilities)])
            }
            var skipped = material.skipped
            for (row, track) in material.tracks.enumerated() where folds[row] < 0 {
                skipped.append((track, "in no part of split \(split.id)"))
            }
            for (track, reason) in skipped {
                try db.execute(
                    sql: "INSERT INTO run_skipped (run_id, track_id, reason) VALUES (?, ?, ?)",
                    arguments: [run, track, reason])
            }
            return run
        }
        return try await self.run(id)
    }

    /// The pretrained layer fine-tuning starts from, if the request fine-tunes.
    private func warmStart(for request: TrainRequest) throws -> WarmStart? {
        guard let fineTune = request.options.fineTune else { return nil }
        guard let model = MusicnnModel(request.extractor.kind) else {
            throw StoreError(
                .invalidRequest,
                "--fine-tune \(fineTune.rawValue) needs a pretrained extractor (musicnn-msd or musicnn-mtt), "
                    + "not \(request.extractor.name)")
        }
        let warmStart = try request.models.weights(model).denseWarmStart
        guard request.options.hidden == [warmStart.outputs] else {
            throw StoreError(
                .invalidRequest, "fine-tuning \(model.rawValue)'s dense layer needs --hidden \(warmStart.outputs)")
        }
        return warmStart
    }

    /// What a training's folds depend on: the label version, extractor, split and options, and the
    /// tracks with their folds and features (features of a track can be extracted again).
    private func checkpointKey(
        _ request: TrainRequest, split: Split, material: TrainingMaterial, folds: [Int]
    ) throws -> String {
        var hasher = SHA256()
        let header = [
            "\(request.labelSet.id)", request.extractor.parametersHash, "\(split.id)",
            try JSONEncoder.sorted.string(request.options),
        ]
        hasher.update(data: Data(header.joined(separator: "\u{1F}").utf8))
        material.tracks.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        folds.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        material.data.features.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// The folds a training with this key finished before it was interrupted.
    private func checkpointedFolds(_ key: String, tracks: [Int64]) async throws -> [FoldResult] {
        let row = Dictionary(uniqueKeysWithValues: tracks.enumerated().map { ($1, $0) })
        return try await writer.read { db in
            try Row.fetchAll(
                db, sql: "SELECT fold, tracks, probabilities, curve FROM train_checkpoint WHERE key = ?",
                arguments: [key]
            ).compactMap { stored -> FoldResult? in
                let held = FeatureBlob.int64s(littleEndian: stored["tracks"]).compactMap { row[$0] }
                let curve = try JSONDecoder().decode(TrainingCurve.self, from: Data((stored["curve"] as String).utf8))
                let probabilities = FeatureBlob.floats(littleEndian: stored["probabilities"])
                // The key covers the tracks, so this holds unless the row was damaged; then retrain.
                guard !held.isEmpty, probabilities.count % held.count == 0 else { return nil }
                return FoldResult(fold: stored["fold"], rows: held, probabilities: probabilities, curve: curve)
            }
        }
    }

    private func saveCheckpoint(_ key: String, _ result: FoldResult, tracks: [Int64]) async throws {
        let ids = result.rows.map { tracks[$0] }
        let curve = try JSONEncoder.sorted.string(result.curve)
        try await writer.write { db in
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO train_checkpoint (key, fold, tracks, probabilities, curve, created_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    key, result.fold, FeatureBlob.littleEndianBytes(ids),
                    FeatureBlob.littleEndianBytes(result.probabilities), curve, Date(),
                ])
        }
    }

    /// The labeled tracks with features as training data, and those without (with why).
    private func trainingMaterial(_ set: LabelSet, spec: ExtractorSpec) async throws -> TrainingMaterial {
        try await writer.read { db in
            let classes = set.classes
            let index = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, $0) })
            let rows = try Row.fetchAll(
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
                arguments: [spec.parametersHash, set.id])
            // The width most tracks have is the extractor's: one stray row must not decide it.
            var widths: [Int: Int] = [:]
            for row in rows where (row["rows"] as Int?) == 1 {
                if let width = row["columns"] as Int? { widths[width, default: 0] += 1 }
            }
            let columns = widths.max { ($0.value, -$0.key) < ($1.value, -$1.key) }?.key ?? 0
            var tracks: [Int64] = [], labels: [[Int]] = [], features: [Float] = []
            var skipped: [(Int64, String)] = [], misshapen: [String] = [], nonFinite: [String] = []
            for row in rows {
                let track: Int64 = row["track_id"]
                guard let data = row["data"] as Data?, let width = row["columns"] as Int?, (row["rows"] as Int?) == 1
                else {
                    let failure = (row["code"] as String?).map { "\($0): \(row["message"] as String? ?? "")" }
                    skipped.append((track, failure ?? "no \(spec.name) features; run `tagmine features`"))
                    continue
                }
                guard width == columns else {
                    skipped.append((track, "\(width) feature values where the others have \(columns)"))
                    misshapen.append(row["catalogue_id"])
                    continue
                }
                let values = FeatureBlob.floats(littleEndian: data)
                guard values.allSatisfy(\.isFinite) else {
                    nonFinite.append(row["catalogue_id"])
                    continue
                }
                tracks.append(track)
                labels.append(
                    ((row["classes"] as String?) ?? "").split(separator: "\u{1F}").compactMap { index[String($0)] }
                        .sorted())
                features += values
            }
            if !nonFinite.isEmpty {
                throw StoreError(
                    .invalidRequest,
                    "\(nonFinite.count) tracks have non-finite \(spec.name) features (NaN or infinity): "
                        + Self.sample(nonFinite)
                        + "; touch their audio files and run `tagmine features` to extract them again")
            }
            if !misshapen.isEmpty && misshapen.count >= tracks.count {
                throw StoreError(
                    .invalidRequest,
                    "\(misshapen.count) of \(misshapen.count + tracks.count) tracks have \(spec.name) features of "
                        + "another width than the rest (\(Self.sample(misshapen))); no run was stored. "
                        + "Touch their audio files and run `tagmine features` to extract them again")
            }
            let multiLabel = labels.contains { $0.count > 1 }
            let data = LabeledData(
                features: features, rows: tracks.count, columns: columns, classes: classes, labels: labels,
                multiLabel: multiLabel)
            return TrainingMaterial(tracks: tracks, data: data, skipped: skipped)
        }
    }
}

extension Store {
    /// The first few of `ids`, quoted, for an error message.
    static func sample(_ ids: [String]) -> String {
        ids.prefix(5).map { "'\($0)'" }.joined(separator: ", ") + (ids.count > 5 ? ", …" : "")
    }
}

/// Labeled tracks with features (as training data) and those without.
private struct TrainingMaterial: Sendable {
    var tracks: [Int64]
    var data: LabeledData
    var skipped: [(Int64, String)]
}
