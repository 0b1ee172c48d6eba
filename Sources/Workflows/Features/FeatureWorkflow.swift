import AudioFeatures
// With Pretrained imported, the compiler resolves `stat` through CoreFoundation, whose import
// MemberImportVisibility then requires.
import CoreFoundation
import Foundation
import Pretrained
public import Store

/// Feature extraction over a store's tracks: decides what is stale, extracts in parallel, and hands
/// the results to the store to save.
///
/// ```swift
/// let summary = try await FeatureWorkflow(store: store).extract(FeatureRequest(spec: ExtractorSpec(.logmelStats)))
/// ```
public struct FeatureWorkflow: Sendable {
    /// The store the tracks and the feature cache are in.
    public let store: Store

    /// A workflow over `store`.
    public init(store: Store) {
        self.store = store
    }

    /// Extracts features for the selected tracks, `request.jobs` at a time, skipping tracks whose
    /// cached features (or recorded failure) match the file's current size and modification time.
    ///
    /// Every failure is recorded per track and the batch carries on; results are committed every few
    /// tracks, so an interrupted batch keeps what it finished and a re-run does the rest.
    public func extract(
        _ request: FeatureRequest, progress: (@Sendable (FeatureProgress) -> Void)? = nil
    ) async throws -> FeatureSummary {
        let problems = request.spec.mel.problems
        guard problems.isEmpty else {
            throw StoreError(.invalidRequest, "extractor parameters: " + problems.joined(separator: "; "))
        }
        let started = Date()
        let makeExtractor = try request.spec.extractorFactory(models: request.models)
        let extractorID = try await store.registerExtractor(request.spec)
        let candidates = try await store.featureCacheEntries(extractorID: extractorID, labelSet: request.labelSet?.id)
            .filter { request.shard?.contains($0.catalogueID) ?? true }.map { FeatureCandidate(entry: $0) }

        var summary = FeatureSummary(selected: candidates.count)
        var work: [FeatureCandidate] = []
        for var candidate in candidates {
            candidate.file = FileStamp.of(candidate.entry.path)
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
        // One extractor per job, kept from chunk to chunk: it holds its FFT plan, filterbank and buffers.
        let laneCount = min(request.jobs, (work.count + chunk - 1) / chunk)
        let lanes = (0..<laneCount).map { _ in ExtractorLane(makeExtractor()) }
        try await withThrowingTaskGroup(of: (lane: Int, outcomes: [FeatureOutcome]).self) { group in
            func addChunk(lane: Int) {
                guard next < work.count else { return }
                let slice = Array(work[next..<min(work.count, next + chunk)])
                next += slice.count
                let extractor = lanes[lane]
                group.addTask { (lane, slice.map { FeatureOutcome.extract($0, with: extractor.extractor) }) }
            }
            for lane in lanes.indices { addChunk(lane: lane) }
            while let (lane, outcomes) = try await group.next() {
                addChunk(lane: lane)
                pending += outcomes
                for outcome in outcomes {
                    done += 1
                    switch outcome.result.result {
                    case .success(let extraction):
                        summary.extracted += 1
                        summary.silent += extraction.silent ? 1 : 0
                        summary.audioSeconds += min(extraction.source.duration, spec.decode.maxSeconds ?? .infinity)
                    case .failure: summary.failed += 1
                    }
                }
                if pending.count >= 32 {
                    try await store.saveFeatureResults(pending.map(\.result), extractorID: extractorID)
                    pending.removeAll(keepingCapacity: true)
                }
                progress?(FeatureProgress(done: done, total: work.count, failed: summary.failed))
            }
        }
        try await store.saveFeatureResults(pending.map(\.result), extractorID: extractorID)
        summary.seconds = Date().timeIntervalSince(started)
        return summary
    }
}

extension FileStamp {
    /// The stamp of the regular file at `path`, or `nil` when there is none.
    static func of(_ path: String?) -> FileStamp? {
        var status = stat()
        guard let path, stat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return nil }
        return FileStamp(
            size: Int64(status.st_size),
            modified: Int64(status.st_mtim.tv_sec) * 1_000_000_000 + Int64(status.st_mtim.tv_nsec))
    }
}

/// An extractor that one task at a time uses: a lane has at most one chunk in flight, and the next
/// chunk is added only after the task before it has returned.
private final class ExtractorLane: @unchecked Sendable {
    let extractor: any FeatureExtractor
    init(_ extractor: any FeatureExtractor) { self.extractor = extractor }
}

/// A selected track, what the cache holds for it, and its file as it is now.
struct FeatureCandidate: Sendable {
    enum State { case current, failedBefore, stale }

    var entry: FeatureCacheEntry
    /// The file as it is now (set just before extraction).
    var file: FileStamp?

    var state: State {
        guard let file else { return .stale }
        if entry.cached == file { return .current }
        // A decoder that was missing or hung may work now: only the file's own faults are kept.
        if entry.failed == file && !(entry.failure?.isTransient ?? false) { return .failedBefore }
        return .stale
    }
}

/// What happened to one track.
struct FeatureOutcome: Sendable {
    var result: FeatureResult

    static func extract(_ candidate: FeatureCandidate, with extractor: any FeatureExtractor) -> FeatureOutcome {
        guard let path = candidate.entry.path else {
            return FeatureOutcome(
                result: FeatureResult(
                    trackID: candidate.entry.trackID, file: candidate.file,
                    result: .failure(
                        AudioError(
                            .noAudio, path: "",
                            "the track has no audio; link files to tracks with `tagmine audio attach FOLDER`"))))
        }
        return FeatureOutcome(
            result: FeatureResult(
                trackID: candidate.entry.trackID, file: candidate.file,
                result: Result { () throws(AudioError) in try extractor.extract(path) }))
    }
}
