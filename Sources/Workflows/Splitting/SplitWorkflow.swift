import Foundation
import Learning
public import Store

/// How `tagmine split` divides a label set's labeled tracks.
public struct SplitRequest: Sendable {
    /// The kind of split.
    public typealias Method = SplitMethod.Kind

    /// What must never be divided across parts.
    public typealias Grouping = SplitGrouping

    public var method: Method
    public var groupBy: Grouping?
    public var seed: UInt64
    public var name: String?
    public var author: String

    /// Creates a request.
    public init(method: Method, groupBy: Grouping? = nil, seed: UInt64 = 0, name: String? = nil, author: String) {
        self.method = method
        self.groupBy = groupBy
        self.seed = seed
        self.name = name
        self.author = author
    }
}

/// A split just made, with what the user should know about it.
public struct SplitOutcome: Sendable {
    public var split: Split
    /// Classes too small for the parts asked for, tracks left out.
    public var warnings: [String]
}

/// Splitting a label set's tracks into train / validation / test or folds.
public struct SplitWorkflow: Sendable {
    /// The store read and written.
    public let store: Store

    /// A workflow over `store`.
    public init(store: Store) {
        self.store = store
    }

    /// Splits `set`'s labeled tracks and stores the split with the set: stratified by class, and
    /// with `groupBy` no artist (or album) in two parts. The same request gives the same split.
    public func split(_ set: LabelSet, _ request: SplitRequest) async throws -> SplitOutcome {
        if let name = request.name { try Store.requireName(name, of: "a split") }
        let attribute: String? = if case .attribute(let column) = request.method { column } else { nil }
        let candidates = try await store.splitCandidates(of: set, groupBy: request.groupBy, attribute: attribute)
        guard !candidates.isEmpty else {
            throw StoreError(.invalidRequest, "label set \(set.id) has no labeled tracks to split")
        }
        var warnings: [String] = []
        let parts: [String]
        let assignment: [Int?]
        switch request.method {
        case .attribute(let column):
            let given = candidates.map(\.given)
            parts = Set(given.compactMap { $0 }).sorted { $0.localizedStandardCompare($1) == .orderedAscending }
            guard !parts.isEmpty else {
                throw StoreError(.notFound, "no labeled track has a value for attribute '\(column)'")
            }
            assignment = given.map { $0.flatMap(parts.firstIndex(of:)) }
            let missing = given.filter { $0 == nil }.count
            if missing > 0 {
                warnings.append("\(missing) labeled tracks have no '\(column)' value and are in no part")
            }
        case .holdout, .folds:
            (parts, assignment) = try Self.stratified(candidates, request)
            warnings += Self.smallClassWarnings(
                candidates, parts: parts.count, grouped: request.groupBy)
        }
        let split = try await store.insertSplit(
            NewSplit(
                labelSetID: set.id, name: request.name,
                method: SplitMethod(request.method, groupBy: request.groupBy, seed: request.seed), parts: parts,
                assignment: zip(candidates, assignment).compactMap { candidate, part in
                    part.map { (candidate.trackID, $0) }
                }, author: request.author))
        return SplitOutcome(split: split, warnings: warnings)
    }

    /// One split over the union of several label sets' tracks (stratified by each track's rarest
    /// class of any set, grouped as asked), stored once per set with that set's tracks, so that
    /// every set's latest split gives each track the same part: what a multi-task training's folds
    /// are. Returns the sets' splits in order.
    public func split(tasks sets: [LabelSet], _ request: SplitRequest) async throws -> [Split] {
        var union: [Int64: SplitCandidate] = [:], members: [[Int64]] = []
        for (index, set) in sets.enumerated() {
            let candidates = try await store.splitCandidates(of: set, groupBy: request.groupBy, attribute: nil)
            members.append(candidates.map(\.trackID))
            for candidate in candidates {
                var merged = union[candidate.trackID] ?? candidate
                if union[candidate.trackID] == nil { merged.classes = [] }
                merged.classes += candidate.classes.map { "\(index)\u{1F}\($0)" }
                union[candidate.trackID] = merged
            }
        }
        let candidates = union.keys.sorted().compactMap { union[$0] }
        guard !candidates.isEmpty else { throw StoreError(.invalidRequest, "the label sets have no labeled tracks") }
        let (parts, assignment) = try Self.stratified(candidates, request)
        let part = Dictionary(uniqueKeysWithValues: zip(candidates.map(\.trackID), assignment))
        var splits: [Split] = []
        for (set, tracks) in zip(sets, members) {
            splits.append(
                try await store.insertSplit(
                    NewSplit(
                        labelSetID: set.id, name: nil,
                        method: SplitMethod(request.method, groupBy: request.groupBy, seed: request.seed), parts: parts,
                        assignment: tracks.compactMap { track in part[track].flatMap { $0 }.map { (track, $0) } },
                        author: request.author)))
        }
        return splits
    }

    /// Stratified (by each track's rarest class) and, with `groupBy`, grouped parts for a holdout
    /// or k-fold request: the part names and each candidate's part.
    private static func stratified(_ candidates: [SplitCandidate], _ request: SplitRequest) throws -> (
        [String], [Int?]
    ) {
        let (names, fractions) = try Self.parts(request.method)
        let primary = primaryClasses(candidates)
        let classIndex = Dictionary(uniqueKeysWithValues: Set(primary).sorted().enumerated().map { ($1, $0) })
        let splitter = StratifiedGroupSplitter(fractions: fractions, seed: request.seed)
        return (names, splitter.assign(classes: primary.map { classIndex[$0] ?? 0 }, groups: groups(candidates)))
    }

    /// Each track's rarest class: the one stratification most needs to spread.
    private static func primaryClasses(_ candidates: [SplitCandidate]) -> [String] {
        let size = Dictionary(candidates.flatMap(\.classes).map { ($0, 1) }, uniquingKeysWith: +)
        return candidates.map { candidate in
            candidate.classes.min { (size[$0] ?? 0, $0) < (size[$1] ?? 0, $1) } ?? ""
        }
    }

    /// Each track's group: its artist's (album's) number, or a number of its own without one.
    private static func groups(_ candidates: [SplitCandidate]) -> [Int] {
        var groupIndex: [String: Int] = [:]
        for key in candidates.compactMap(\.group) where groupIndex[key] == nil {
            groupIndex[key] = groupIndex.count
        }
        var groups: [Int] = []
        var unnamed = groupIndex.count
        for candidate in candidates {
            if let key = candidate.group, let index = groupIndex[key] {
                groups.append(index)
            } else {
                groups.append(unnamed)
                unnamed += 1
            }
        }
        return groups
    }

    /// The part names and shares of a holdout or k-fold split.
    private static func parts(_ method: SplitRequest.Method) throws(StoreError) -> ([String], [Double]) {
        switch method {
        case .holdout(let test, let validation):
            guard test > 0, validation >= 0, test + validation < 1 else {
                throw StoreError(.invalidRequest, "--test must be > 0, --validation ≥ 0, and together below 1")
            }
            return validation > 0
                ? (["train", "validation", "test"], [1 - test - validation, validation, test])
                : (["train", "test"], [1 - test, test])
        case .folds(let k):
            guard k >= 2 else { throw StoreError(.invalidRequest, "--folds must be at least 2") }
            return ((1...k).map { "fold-\($0)" }, Array(repeating: 1 / Double(k), count: k))
        case .attribute:
            return ([], [])
        }
    }

    /// Warnings for classes with fewer tracks (or groups) than parts.
    private static func smallClassWarnings(
        _ candidates: [SplitCandidate], parts: Int, grouped: SplitRequest.Grouping?
    ) -> [String] {
        let primary = primaryClasses(candidates), groups = groups(candidates)
        var tracks: [String: Int] = [:]
        var groupsOf: [String: Set<Int>] = [:]
        for (label, group) in zip(primary, groups) {
            tracks[label, default: 0] += 1
            groupsOf[label, default: []].insert(group)
        }
        return tracks.keys.sorted().compactMap { label in
            let count = tracks[label] ?? 0, groupCount = groupsOf[label]?.count ?? 0
            if count < parts {
                return "class '\(label)' has \(count) tracks, fewer than the \(parts) parts: some parts get none"
            }
            if let grouped, groupCount < parts {
                return
                    "class '\(label)' comes from \(groupCount) \(grouped.rawValue)s, fewer than the \(parts) parts: some parts get none"
            }
            return nil
        }
    }
}
