import AudioFeatures
// With Pretrained imported, the compiler resolves `stat` through CoreFoundation, whose import
// MemberImportVisibility then requires.
import CoreFoundation
import Foundation
import GRDB
import Pretrained

extension Store {
    /// Extracts features for the selected tracks, `request.jobs` at a time, skipping tracks whose
    /// cached features (or recorded failure) match the file's current size and modification time.
    ///
    /// Every failure is recorded per track and the batch carries on; results are committed every few
    /// tracks, so an interrupted batch keeps what it finished and a re-run does the rest.
    ///
    /// ```swift
    /// let summary = try await store.extractFeatures(FeatureRequest(spec: ExtractorSpec(.logmelStats)))
    /// ```
    public func extractFeatures(
        _ request: FeatureRequest, progress: (@Sendable (FeatureProgress) -> Void)? = nil
    ) async throws -> FeatureSummary {
        let problems = request.spec.mel.problems
        guard problems.isEmpty else {
            throw StoreError(.invalidRequest, "extractor parameters: " + problems.joined(separator: "; "))
        }
        let started = Date()
        let makeExtractor = try request.spec.extractorFactory(models: request.models)
        let extractorID = try await register(request.spec)
        let candidates = try await featureCandidates(request, extractorID: extractorID)

        var summary = FeatureSummary(selected: candidates.count)
        var work: [FeatureCandidate] = []
        for var candidate in candidates {
            candidate.file = FileStamp(path: candidate.path)
            switch candidate.state {
            case .current: summary.current += 1
            case .failedBefore where !request.retryFailures: summary.failedBefore += 1
            default: work.append(candidate)
            }
        }

        let spec = request.spec
        let chunk = 8
        var pending: [FeatureOutcome] = []
        var next = 0, done = 0
        try await withThrowingTaskGroup(of: [FeatureOutcome].self) { group in
            func addChunk() {
                guard next < work.count else { return }
                let slice = Array(work[next..<min(work.count, next + chunk)])
                next += slice.count
                group.addTask {
                    let extractor = makeExtractor()
                    return slice.map { FeatureOutcome.extract($0, with: extractor) }
                }
            }
            for _ in 0..<request.jobs { addChunk() }
            while let outcomes = try await group.next() {
                addChunk()
                pending += outcomes
                for outcome in outcomes {
                    done += 1
                    switch outcome.result {
                    case .success(let extraction):
                        summary.extracted += 1
                        summary.silent += extraction.silent ? 1 : 0
                        summary.audioSeconds += min(extraction.source.duration, spec.decode.maxSeconds ?? .infinity)
                    case .failure: summary.failed += 1
                    }
                }
                if pending.count >= 32 {
                    try await save(pending, extractorID: extractorID)
                    pending.removeAll(keepingCapacity: true)
                }
                progress?(FeatureProgress(done: done, total: work.count, failed: summary.failed))
            }
        }
        try await save(pending, extractorID: extractorID)
        summary.seconds = Date().timeIntervalSince(started)
        return summary
    }

    /// The store's id for `spec`, registering it on first use.
    func register(_ spec: ExtractorSpec) async throws -> Int64 {
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

    /// The selected tracks with what the cache already holds for them.
    private func featureCandidates(_ request: FeatureRequest, extractorID: Int64) async throws -> [FeatureCandidate] {
        try await writer.read { db in
            try Array(
                Row.fetchCursor(
                    db,
                    sql: """
                        SELECT t.id, t.catalogue_id, t.audio_path,
                               f.file_size AS feature_size, f.file_mtime_ns AS feature_mtime,
                               x.file_size AS failure_size, x.file_mtime_ns AS failure_mtime
                        FROM track t
                        LEFT JOIN feature f ON f.track_id = t.id AND f.extractor_id = ?1
                        LEFT JOIN feature_failure x ON x.track_id = t.id AND x.extractor_id = ?1
                        WHERE ?2 IS NULL OR t.id IN (SELECT track_id FROM label WHERE label_set_id = ?2)
                        ORDER BY t.id
                        """,
                    arguments: [extractorID, request.labelSet?.id]
                ).compactMap { row -> FeatureCandidate? in
                    let catalogueID: String = row["catalogue_id"]
                    if let shard = request.shard, !shard.contains(catalogueID) { return nil }
                    return FeatureCandidate(
                        trackID: row["id"], catalogueID: catalogueID, path: row["audio_path"],
                        cached: FileStamp(size: row["feature_size"], modified: row["feature_mtime"]),
                        failed: FileStamp(size: row["failure_size"], modified: row["failure_mtime"]))
                })
        }
    }

    /// Writes a batch of outcomes in one transaction: features replace a failure and vice versa.
    private func save(_ outcomes: [FeatureOutcome], extractorID: Int64) async throws {
        guard !outcomes.isEmpty else { return }
        let encoder = JSONEncoder.sorted
        try await writer.write { db in
            let now = Date()
            for outcome in outcomes {
                let track = outcome.candidate.trackID, file = outcome.candidate.file
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
                            FeatureBlob.littleEndianBytes(matrix.values), extraction.silent,
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

/// A file's size and modification time: the feature cache's validity key.
struct FileStamp: Equatable, Sendable {
    var size: Int64
    var modified: Int64

    init?(size: Int64?, modified: Int64?) {
        guard let size, let modified else { return nil }
        self.size = size
        self.modified = modified
    }

    /// The stamp of the regular file at `path`, or `nil` when there is none.
    init?(path: String?) {
        var status = stat()
        guard let path, stat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return nil }
        size = Int64(status.st_size)
        modified = Int64(status.st_mtim.tv_sec) * 1_000_000_000 + Int64(status.st_mtim.tv_nsec)
    }
}

/// A selected track and what the store holds for it.
struct FeatureCandidate: Sendable {
    enum State { case current, failedBefore, stale }

    var trackID: Int64
    var catalogueID: String
    var path: String?
    var cached: FileStamp?
    var failed: FileStamp?
    /// The file as it is now (set just before extraction).
    var file: FileStamp?

    var state: State {
        guard let file else { return .stale }
        if cached == file { return .current }
        if failed == file { return .failedBefore }
        return .stale
    }
}

/// What happened to one track.
struct FeatureOutcome: Sendable {
    var candidate: FeatureCandidate
    var result: Result<Extraction, AudioError>

    static func extract(_ candidate: FeatureCandidate, with extractor: any FeatureExtractor) -> FeatureOutcome {
        guard let path = candidate.path else {
            return FeatureOutcome(
                candidate: candidate,
                result: .failure(
                    AudioError(.missingFile, path: "", "the catalogue gives no audio path for this track")))
        }
        return FeatureOutcome(
            candidate: candidate, result: Result { () throws(AudioError) in try extractor.extract(path) })
    }
}
