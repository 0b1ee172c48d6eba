public import Catalog
import Crypto
import Foundation
public import Store
public import TextMining

/// Labeling a store's tracks from their tags: a keyword map's classes, or a polarity lexicon's
/// positive / negative. Each distinct tag is worked out once; the store saves the label version.
///
/// ```swift
/// let genre = try await LabelingWorkflow(store: store).keywords(map: try KeywordMap.named("genre"), author: "me")
/// ```
public struct LabelingWorkflow: Sendable {
    /// The store the tracks and label versions are in.
    public let store: Store

    /// A workflow over `store`.
    public init(store: Store) {
        self.store = store
    }

    /// Applies a keyword map to every track's tags and writes the labels its policy gives, each
    /// with the keywords that fired as evidence.
    public func keywords(
        map: KeywordMap, name: String? = nil, author: String, dryRun: Bool = false
    ) async throws -> KeywordLabeling {
        guard
            case .keywords(let outcome) = try await label([.keywords(map, name: name, author: author)], dryRun: dryRun)[
                0]
        else { preconditionFailure("a keyword task gives a keyword outcome") }
        return outcome
    }

    /// Scores every track's tags against a polarity lexicon and writes a `positive` / `negative`
    /// label set, with each track's score and evidence kept for re-cutting later.
    public func emotion(_ request: EmotionRequest, dryRun: Bool = false) async throws -> EmotionLabeling {
        guard case .emotion(let outcome) = try await label([.emotion(request)], dryRun: dryRun)[0] else {
            preconditionFailure("an emotion task gives an emotion outcome")
        }
        return outcome
    }

    /// Labels several tasks in one pass: the catalogue's tags are read once, the tasks worked out
    /// side by side, and their label sets written in one transaction, in order — all or none.
    /// Each set is the one labeling its task alone would write.
    ///
    /// - Returns: each task's outcome, in the order of `tasks`.
    public func label(_ tasks: [LabelingTask], dryRun: Bool = false) async throws -> [LabelingOutcome] {
        let index = try await store.tagIndex()
        let needsDescriptions = tasks.contains {
            if case .emotion(let request) = $0 { request.options.includeDescription } else { false }
        }
        let descriptions = needsDescriptions ? try await store.trackDescriptions() : [:]
        let prepared = try await withThrowingTaskGroup(of: (Int, PreparedLabelSet).self) { group in
            for (position, task) in tasks.enumerated() {
                group.addTask {
                    switch task {
                    case .emotion(let request):
                        (position, try Self.prepare(request, index: index, descriptions: descriptions))
                    case .keywords(let map, let name, let author):
                        (position, try Self.prepare(map, name: name, author: author, index: index))
                    }
                }
            }
            var prepared: [PreparedLabelSet?] = Array(repeating: nil, count: tasks.count)
            for try await (position, set) in group { prepared[position] = set }
            return prepared.compactMap { $0 }
        }
        if dryRun { return prepared.map(\.outcome) }
        let written = try await store.write(prepared.map(\.labelSet))
        return zip(prepared, written).map { prepared, set in
            switch prepared.outcome {
            case .emotion(var outcome):
                outcome.labelSet = set
                return .emotion(outcome)
            case .keywords(var outcome):
                outcome.labelSet = set
                return .keywords(outcome)
            }
        }
    }

    /// A keyword map's outcome and label set, from the catalogue's tags.
    private static func prepare(
        _ map: KeywordMap, name: String?, author: String, index: TrackTagIndex
    ) throws -> PreparedLabelSet {
        let tally = try KeywordTally(map: map, catalogue: index)
        let labels = tally.labels.flatMap { labeled in
            labeled.classes.map {
                NewLabelSet.Label(trackID: index.trackIDs[labeled.track], className: map.classes[$0])
            }
        }
        let configHash = Self.configHash(map)
        let outcome = KeywordLabeling(
            tracks: index.trackIDs.count, counts: Array(zip(map.classes, tally.counts)), labeled: tally.labeled,
            ambiguous: tally.ambiguous,
            rules: zip(map.rules, tally.rules).map {
                KeywordLabeling.RuleStatistics(rule: $0, tracks: $1.tracks, conflicts: $1.conflicts)
            }, configHash: configHash)
        var tagEvidence: [NewLabelSet.TagEvidence] = []
        for (position, part) in tally.tags.enumerated() where !part.hits.isEmpty {
            tagEvidence.append(
                NewLabelSet.TagEvidence(tagID: index.tagIDs[position], evidence: .keywords(part.hits)))
        }
        let operation = try JSONEncoder.sorted.string(
            LabelOperation.keywords(map: map.name, task: map.task, policy: map.policy.rawValue))
        return PreparedLabelSet(
            outcome: .keywords(outcome),
            labelSet: NewLabelSet(
                task: map.task, classes: map.classes, name: name, operation: operation, configHash: configHash,
                author: author, labels: labels, tagEvidence: tagEvidence))
    }

    /// SHA-256 over everything in the map that decides labels.
    static func configHash(_ map: KeywordMap) -> String {
        var hasher = SHA256()
        hasher.update(data: Data("\(map.task)\n\(map.policy.rawValue)\n\(map.priority.joined(separator: "\t"))\n".utf8))
        for rule in map.rules {
            hasher.update(data: Data("\(rule.className)\t\(rule.text)\t\(rule.excludes)\n".utf8))
        }
        return hasher.finalize().hexString
    }

    /// An emotion request's outcome and label set, from the catalogue's tags.
    private static func prepare(
        _ request: EmotionRequest, index: TrackTagIndex, descriptions: [Int64: String]
    ) throws -> PreparedLabelSet {
        let polarity = try PolarityScores(
            scorer: PolarityScorer(lexicon: request.lexicon, options: request.options), catalogue: index,
            description: { descriptions[index.trackIDs[$0]] }, unscoredAsZero: request.unscoredAsZero)
        let scores = polarity.scored.map { scored in
            NewLabelSet.Score(
                trackID: index.trackIDs[scored.track], score: scored.score,
                evidence: scored.descriptionMatches.isEmpty ? nil : .lexicon(scored.descriptionMatches))
        }
        let cut = try request.selection.cut(scores.map { ($0.trackID, $0.score) })
        let outcome = EmotionLabeling(
            scores: scores.map(\.score), tracks: index.trackIDs.count, unscored: polarity.unscored,
            positive: cut.positive.count, negative: cut.negative.count, low: cut.low, high: cut.high,
            configHash: try Self.configHash(request))
        let labels =
            (cut.positive.map { NewLabelSet.Label(trackID: $0, className: EmotionClass.positive.rawValue) }
            + cut.negative.map { NewLabelSet.Label(trackID: $0, className: EmotionClass.negative.rawValue) })
            .sorted { $0.trackID < $1.trackID }
        let operation = try JSONEncoder.sorted.string(
            LabelOperation.emotion(
                lexicon: request.lexicon.name, options: request.options, selection: request.selection,
                unscoredAsZero: request.unscoredAsZero))
        var tagEvidence: [NewLabelSet.TagEvidence] = []
        for (position, part) in polarity.tags.enumerated() where !part.matches.isEmpty {
            tagEvidence.append(
                NewLabelSet.TagEvidence(tagID: index.tagIDs[position], evidence: .lexicon(part.matches)))
        }
        return PreparedLabelSet(
            outcome: .emotion(outcome),
            labelSet: NewLabelSet(
                task: "emotion", classes: EmotionClass.allCases.map(\.rawValue), name: request.name,
                operation: operation, configHash: outcome.configHash, author: request.author,
                labels: labels, scores: scores, tagEvidence: tagEvidence))
    }

    /// SHA-256 over the lexicon's entries and every option that decides the labels.
    static func configHash(_ request: EmotionRequest) throws -> String {
        var hasher = SHA256()
        for entry in request.lexicon.entries {
            hasher.update(data: Data("\(entry.key)\t\(entry.pos?.rawValue ?? "")\t\(entry.score)\n".utf8))
        }
        hasher.update(
            data: try JSONEncoder.sorted.encode(
                LabelOperation.emotion(
                    lexicon: "", options: request.options, selection: request.selection,
                    unscoredAsZero: request.unscoredAsZero)))
        return hasher.finalize().hexString
    }

    /// The `limit` most frequent normalised tags on which no keyword of `map` fires: the candidates
    /// for new keywords.
    public func uncoveredTags(by map: KeywordMap, limit: Int) async throws -> [TagCount] {
        let labeler = KeywordLabeler(map: map)
        var uncovered: [TagCount] = []
        for tag in try await store.topTags(limit: Int.max) where try labeler.matches(in: tag.tag).hits.isEmpty {
            uncovered.append(tag)
            if uncovered.count == limit { break }
        }
        return uncovered
    }

    /// The values of tags in `facet` (`genre` for `genre---rock`), most frequent first, each with the
    /// number of tracks that carry it.
    public func facetValues(_ facet: String, facets: TagFacets = TagFacets(), limit: Int) async throws -> [TagCount] {
        let perTrack = valuesPerTrack(in: facet, facets: facets, index: try await store.tagIndex())
        var counts: [String: Int] = [:]
        for values in perTrack.values { for value in values { counts[value, default: 0] += 1 } }
        return counts.map { TagCount(tag: $0.key, tracks: $0.value) }
            .sorted { ($0.tracks, $1.tag) > ($1.tracks, $0.tag) }.prefix(limit).map { $0 }
    }

    /// A label set from the values of a tag facet: a track with `genre---rock` and `genre---punk`
    /// gets both classes (multi-label), one without a tag in the facet stays unlabeled.
    public func importFacet(
        _ facet: String, task: String, facets: TagFacets = TagFacets(), name: String? = nil, author: String
    ) async throws -> LabelImport {
        let normalized = TextNormalizer.normalize(facet)
        let index = try await store.tagIndex()
        let perTrack = valuesPerTrack(in: normalized, facets: facets, index: index)
        guard !perTrack.isEmpty else {
            let known = Set(index.tagNames.compactMap { facets.split($0)?.facet }).sorted()
            throw StoreError(
                .notFound,
                "no tag has the facet '\(facet)'; the catalogue's facets are: "
                    + (known.isEmpty ? "none" : known.prefix(40).joined(separator: ", ")))
        }
        return try await store.importLabels(
            task: task, from: .classes(perTrack, source: "facet:\(normalized)"), name: name, author: author)
    }

    /// Each track's distinct values in `facet`, in tag order, for tracks that have any.
    private func valuesPerTrack(in facet: String, facets: TagFacets, index: TrackTagIndex) -> [Int64: [String]] {
        let values = index.tagNames.map { facets.value(of: $0, inFacet: facet) }
        var perTrack: [Int64: [String]] = [:]
        for track in 0..<index.trackCount {
            var found: [String] = []
            for position in index.tags(ofTrack: track) {
                if let value = values[Int(position)], !found.contains(value) { found.append(value) }
            }
            if !found.isEmpty { perTrack[index.trackIDs[track]] = found }
        }
        return perTrack
    }

    /// A label version from a Label Studio export's annotations (manual labels, the annotator in
    /// their evidence). With `parent`, it is a new version of that set: the parent's labels with the
    /// annotated tracks replaced, and every chosen class must be one of the parent's. A task naming a
    /// track the store does not have, or a class the parent lacks, refuses the import naming the task;
    /// nothing is written.
    ///
    /// - Parameter author: the version's author; `nil` names the annotators (else `fallbackAuthor`).
    public func importLabelStudio(
        _ export: LabelStudioExport, task: String, parent: LabelSet? = nil, name: String? = nil, author: String?,
        fallbackAuthor: String
    ) async throws -> LabelSet {
        guard !export.annotations.isEmpty else {
            throw StoreError(.invalidRequest, "\(export.path): no task has an annotation; nothing written")
        }
        var labels: [Int64: [NewLabelSet.Label]] = [:]
        if let parent {
            for label in try await store.labelRecords(ofSet: parent.id) {
                labels[label.trackID, default: []].append(label.inherited)
            }
        }
        for annotation in export.annotations {
            let track: Int64
            do {
                track = try await store.trackID(catalogueID: annotation.trackID)
            } catch let error as StoreError {
                throw StoreError(error.code, "\(export.path): task \(annotation.task): \(error.message)")
            }
            if let parent, let unknown = annotation.classes.first(where: { !parent.classes.contains($0) }) {
                throw StoreError(
                    .invalidRequest,
                    "\(export.path): task \(annotation.task): class '\(unknown)' is not one of label set \(parent.id)'s "
                        + "(\(parent.classes.joined(separator: ", ")))")
            }
            let evidence = LabelEvidence.annotation(
                tool: "Label Studio", task: annotation.task, annotator: annotation.annotator)
            labels[track] = annotation.classes.map {
                NewLabelSet.Label(trackID: track, className: $0, origin: .manual, evidence: evidence)
            }
        }
        let ordered = labels.keys.sorted().flatMap { labels[$0, default: []] }
        let taskName = parent?.task ?? task
        let operation = try JSONEncoder.sorted.string(
            LabelOperation.importLabels(task: taskName, source: "label-studio:\(export.path)"))
        return try await store.write(
            NewLabelSet(
                task: taskName, classes: parent?.classes ?? Set(ordered.map(\.className)).sorted(), name: name,
                parentID: parent?.id, operation: operation,
                configHash: NewLabelSet.configHash("\(parent?.configHash ?? taskName)\n\(operation)", labels: ordered),
                author: author ?? Self.annotators(of: export) ?? fallbackAuthor, labels: ordered,
                evidenceSetID: parent?.evidenceSetID))
    }

    /// The export's annotators, in order of first appearance (at most three named), if it names any.
    private static func annotators(of export: LabelStudioExport) -> String? {
        var names: [String] = []
        for annotator in export.annotations.compactMap(\.annotator) where !names.contains(annotator) {
            names.append(annotator)
        }
        guard !names.isEmpty else { return nil }
        return names.prefix(3).joined(separator: ", ") + (names.count > 3 ? " and \(names.count - 3) more" : "")
    }
}
