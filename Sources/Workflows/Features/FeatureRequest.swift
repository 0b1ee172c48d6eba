public import AudioFeatures
import Foundation
public import Pretrained
public import Store

/// One of N deterministic slices of a catalogue's tracks, so N machines can extract one each.
///
/// A track belongs to slice `FNV-1a(catalogue id) mod count`: the same in every store that holds
/// the catalogue, whatever order it was imported in.
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    /// Which slice, from 1.
    public var index: Int
    /// How many slices.
    public var count: Int

    /// Parses `I/N` with 1 ≤ I ≤ N.
    public init?(_ text: String) {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]), count >= 1,
            (1...count).contains(index)
        else { return nil }
        self.index = index
        self.count = count
    }

    /// Whether the track with `catalogueID` is in this slice.
    public func contains(_ catalogueID: String) -> Bool {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in catalogueID.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01b3
        }
        return Int(hash % UInt64(count)) == index - 1
    }

    public var description: String { "\(index)/\(count)" }
}

/// What `tagmine features` extracts, for which tracks, and how.
public struct FeatureRequest: Sendable {
    /// The extractor and its parameters.
    public var spec: ExtractorSpec
    /// Only the tracks labeled in this set; `nil` means every track.
    public var labelSet: LabelSet?
    /// Concurrent extraction tasks.
    public var jobs: Int
    /// Only this slice of the tracks.
    public var shard: Shard?
    /// Try again tracks whose unchanged file failed before.
    public var retryFailures: Bool
    /// Where a pretrained extractor's model is installed.
    public var models: ModelDirectory

    /// Creates a request; `jobs` defaults to one per core.
    public init(
        spec: ExtractorSpec, labelSet: LabelSet? = nil, jobs: Int? = nil, shard: Shard? = nil,
        retryFailures: Bool = false, models: ModelDirectory = ModelDirectory()
    ) {
        self.spec = spec
        self.models = models
        self.labelSet = labelSet
        self.jobs = max(1, jobs ?? ProcessInfo.processInfo.activeProcessorCount)
        self.shard = shard
        self.retryFailures = retryFailures
    }
}

/// How far a feature batch has got.
public struct FeatureProgress: Sendable {
    /// Tracks finished (extracted or failed) in this run.
    public var done: Int
    /// Tracks this run has to process.
    public var total: Int
    /// Of those done, the failures.
    public var failed: Int
}

/// What a feature batch did.
public struct FeatureSummary: Sendable, Equatable {
    /// Tracks in the selection (after `--tracks` and `--shard`).
    public var selected = 0
    /// Tracks skipped because their cached features are current.
    public var current = 0
    /// Tracks extracted in this run.
    public var extracted = 0
    /// Tracks that failed in this run.
    public var failed = 0
    /// Tracks skipped because their unchanged file failed before (`--retry-failures` retries them).
    public var failedBefore = 0
    /// Extracted tracks whose audio is silent (flagged, still extracted).
    public var silent = 0
    /// Seconds of audio decoded in this run.
    public var audioSeconds = 0.0
    /// Wall-clock seconds.
    public var seconds = 0.0

    /// Whether any track in the selection has no features because of a failure.
    public var hasFailures: Bool { failed + failedBefore > 0 }
}
