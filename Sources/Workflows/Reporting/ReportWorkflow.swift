import AudioFeatures
public import Evaluation
import Foundation
import Learning
import Pretrained
public import Store
import TextMining

/// A run's out-of-fold analysis with the tracks it is about.
public struct RunEvaluation: Sendable {
    /// The run.
    public var run: Run
    /// The label version's name (or id), as commands name it.
    public var version: String
    /// Report, confusion matrix, class quality, overlaps and the review queue.
    public var analysis: RunAnalysis
    /// The analysed tracks' predictions, in the analysis's track order.
    public var predictions: [RunPrediction]
}

/// Which tags and lexicon / keyword entries produced the labels the audio model disputes.
public struct TextTrace: Sendable, Codable, Equatable {
    /// A tag that produced disputed labels, and the tags that came with it.
    public struct Source: Sendable, Codable, Equatable {
        /// The tag as the catalogue wrote it.
        public var tag: String
        /// The keyword or lexicon entry it matched.
        public var entry: String
        /// Share of the class's disputed labels this tag produced.
        public var share: Double
        /// Tags supporting another class on the same tracks, with the share of this tag's tracks they are on.
        public var cooccurring: [Cooccurrence]
    }

    /// A tag for another class found beside a source tag.
    public struct Cooccurrence: Sendable, Codable, Equatable {
        public var tag: String
        public var className: String
        public var share: Double
    }

    /// The class whose labels are disputed.
    public var className: String
    /// How many of its labels confident learning flags.
    public var disputed: Int
    /// The tags behind them, most frequent first.
    public var sources: [Source]

    /// One sentence: "62 % of disputed 'pops' labels come from the tag ポップ (with ロック on 20 % of them)".
    public var sentence: String {
        guard let top = sources.first else {
            return "no tag evidence behind the \(disputed) disputed '\(className)' labels"
        }
        var text =
            String(format: "%.0f %%", 100 * top.share) + " of the \(disputed) disputed '\(className)' labels come from "
            + "the tag \(top.tag)" + (top.entry != top.tag ? " (entry \(top.entry))" : "")
        if let with = top.cooccurring.first {
            text += String(format: ", with %@ (%@) on %.0f %% of them", with.tag, with.className, 100 * with.share)
        }
        if sources.count > 1 {
            text +=
                "; then "
                + sources.dropFirst().prefix(2).map { String(format: "%@ %.0f %%", $0.tag, 100 * $0.share) }
                .joined(separator: ", ")
        }
        return text
    }
}

/// A run's report: its out-of-fold analysis, the tags behind disputed labels, a pretrained
/// tagger's second opinion, and the suggested next steps, put together from the store's records.
///
/// ```swift
/// let document = try await ReportWorkflow(store: store).document(try await store.run(named: "genre-v1"))
/// ```
public struct ReportWorkflow: Sendable {
    /// The store the runs are in.
    public let store: Store

    /// A workflow over `store`.
    public init(store: Store) {
        self.store = store
    }

    /// The out-of-fold analysis of a single-label run.
    public func evaluation(of run: Run) async throws -> RunEvaluation {
        guard !run.multiLabel else {
            throw StoreError(
                .invalidRequest,
                "run \(run.id) is multi-label: its report has per-class metrics and no confusion matrix "
                    + "(`tagmine report \(run.id)` as text, csv or json)")
        }
        let predictions = try await store.predictions(of: run).filter { !$0.given.isEmpty }
        let data = OutOfFoldProbabilities(
            given: predictions.map { $0.given[0] },
            probabilities: predictions.flatMap { $0.probabilities.map(Double.init) },
            classes: run.classes.count)
        let set = try await store.labelSet(run.labelSetID)
        return RunEvaluation(
            run: run, version: set.name ?? "\(set.id)", analysis: RunAnalysis(data, names: run.classes),
            predictions: predictions)
    }

    /// For each class with disputed labels (worst-supported first), the tags and entries behind them.
    public func textTraces(of evaluation: RunEvaluation) async throws -> [TextTrace] {
        let set = try await store.labelSet(evaluation.run.labelSetID)
        let disputed = Dictionary(grouping: evaluation.analysis.issues, by: \.given)
        let trackIDs = evaluation.analysis.issues.map { evaluation.predictions[$0.track].trackID }
        let hits = try await store.tagEvidence(ofTracks: trackIDs, in: set.evidenceSetID).mapValues { tags in
            tags.flatMap { tag in EvidenceHit.hits(tag.tag, tag.evidence) }
        }
        return evaluation.analysis.quality.compactMap { quality -> TextTrace? in
            guard let issues = disputed[quality.name], !issues.isEmpty else { return nil }
            return Self.trace(quality.name, tracks: issues.map { evaluation.predictions[$0.track].trackID }, hits: hits)
        }
    }

    private static func trace(_ className: String, tracks: [Int64], hits: [Int64: [EvidenceHit]]) -> TextTrace {
        var sourceTracks: [String: (entry: String, tracks: Set<Int64>)] = [:]
        for track in tracks {
            for hit in hits[track] ?? [] where hit.supports(className) {
                sourceTracks[hit.tag, default: (hit.entryText, [])].tracks.insert(
                    track)
            }
        }
        let sources = sourceTracks.map { tag, value -> TextTrace.Source in
            var others: [String: (className: String, tracks: Set<Int64>)] = [:]
            for track in value.tracks {
                for hit in hits[track] ?? [] {
                    if let other = hit.supportedKeywordClass, other != className {
                        others[hit.tag, default: (other, [])].tracks.insert(track)
                    }
                }
            }
            let cooccurring = others.map {
                TextTrace.Cooccurrence(
                    tag: $0.key, className: $0.value.className,
                    share: Double($0.value.tracks.count) / Double(value.tracks.count))
            }.sorted { ($0.share, $1.tag) > ($1.share, $0.tag) }
            return TextTrace.Source(
                tag: tag, entry: value.entry, share: Double(value.tracks.count) / Double(max(1, tracks.count)),
                cooccurring: cooccurring)
        }.sorted { ($0.share, $1.tag) > ($1.share, $0.tag) }
        return TextTrace(className: className, disputed: tracks.count, sources: sources)
    }

    /// A pretrained tagger's opinion on `evaluation`'s tracks, read from the feature cache: the
    /// leading values of a `musicnn-msd` (else `musicnn-mtt`) embedding are its tag probabilities.
    /// `nil` when neither has features for any of the tracks.
    public func secondOpinion(of evaluation: RunEvaluation) async throws -> SecondOpinion? {
        let classes = evaluation.analysis.classes
        let given = Dictionary(
            uniqueKeysWithValues: evaluation.predictions.compactMap { prediction in
                prediction.given.first.map { (prediction.trackID, (prediction.catalogueID, classes[$0])) }
            })
        let tags = MusicnnTrackOutput.EmbeddingLayout.tags
        for model in MusicnnModel.allCases {
            let heard = try await store.latestVectorValues(
                extractor: model.rawValue, values: tags..<(tags + model.labels.count), tracks: Set(given.keys))
            guard !heard.isEmpty else { continue }
            let tracks = heard.sorted { $0.key < $1.key }.compactMap { track, probabilities in
                given[track].map { SecondOpinion.Heard(track: $0.0, given: $0.1, probabilities: probabilities) }
            }
            return SecondOpinion(model: model.rawValue, labels: model.labels, classes: classes, tracks: tracks)
        }
        return nil
    }

    /// The whole report of a run: metrics, class quality, overlaps, review queue, suggested next
    /// steps (a dropped class's reason names the tags behind its disputed labels) and curves.
    public func document(_ run: Run, normalization: ConfusionMatrix.Normalization = .none) async throws
        -> ReportDocument
    {
        let evaluation = try await self.evaluation(of: run)
        let traces = try await textTraces(of: evaluation)
        let sentences = Dictionary(uniqueKeysWithValues: traces.map { ($0.className, $0.sentence) })
        let suggestions = evaluation.analysis.suggestions(
            version: evaluation.version, trackIDs: evaluation.predictions.map(\.catalogueID)
        ).map { suggestion in
            var suggestion = suggestion
            if suggestion.kind == .drop, let sentence = suggestion.classes.first.flatMap({ sentences[$0] }) {
                suggestion.reason += "; " + sentence
            }
            return suggestion
        }
        let info = Self.info(run, version: evaluation.version)
        let curves = run.curves.folds.enumerated().map {
            SVGReport.Series(name: "fold \($0.offset + 1)", values: $0.element.trainLoss.map(Double.init))
        }
        return ReportDocument(
            run: info, analysis: evaluation.analysis, normalization: normalization,
            trackIDs: evaluation.predictions.map(\.catalogueID), suggestions: suggestions,
            traces: traces.map(\.sentence), curves: curves, secondOpinion: try await secondOpinion(of: evaluation))
    }
}

extension ReportWorkflow {
    /// The report of a multi-label run: metrics at the final model's per-class thresholds (the
    /// ones its predictions use) over every track's out-of-fold probabilities, and the review
    /// queue of the strongest disagreements.
    public func multiLabelDocument(_ run: Run) async throws -> MultiLabelDocument {
        guard run.multiLabel else {
            throw StoreError(.invalidRequest, "run \(run.id) is single-label: `tagmine report \(run.id)`")
        }
        let predictions = try await store.predictions(of: run)
        let set = try await store.labelSet(run.labelSetID)
        let thresholds = try await TrainingWorkflow(store: store).thresholds(of: run).map(Double.init)
        return MultiLabelDocument(
            run: Self.info(run, version: set.name ?? "\(set.id)"), truth: predictions.map(\.given),
            scores: predictions.flatMap { $0.probabilities.map(Double.init) }, thresholds: thresholds,
            names: run.classes, trackIDs: predictions.map(\.catalogueID))
    }

    /// What a report says about the run itself.
    static func info(_ run: Run, version: String) -> ReportDocument.RunInfo {
        ReportDocument.RunInfo(
            id: run.id, name: run.name, labelSet: version,
            extractor: "\(run.extractor.name) [\(run.extractor.parametersHash)]", model: run.modelDescription,
            folds: run.curves.folds.count, tracks: run.predictedTracks, skipped: run.skippedTracks,
            seconds: run.seconds, createdBy: run.createdBy, createdAt: run.createdAt, labelSetID: run.labelSetID)
    }
}

/// One entry of a tag's evidence: a keyword hit (keyword sets) or a lexicon match (emotion sets).
private struct EvidenceHit {
    enum Entry {
        case keyword(KeywordHit)
        case lexicon(PolarityMatch)
    }

    var tag: String
    var entry: Entry

    /// The entries of one tag's evidence.
    static func hits(_ tag: String, _ evidence: Evidence) -> [EvidenceHit] {
        switch evidence {
        case .keywords(let hits): hits.map { EvidenceHit(tag: tag, entry: .keyword($0)) }
        case .lexicon(let matches): matches.map { EvidenceHit(tag: tag, entry: .lexicon($0)) }
        }
    }

    /// The keyword or lexicon term that matched.
    var entryText: String {
        switch entry {
        case .keyword(let hit): hit.keyword
        case .lexicon(let match): match.term
        }
    }

    /// The class a keyword hit speaks for (none for exclusions and lexicon matches).
    var supportedKeywordClass: String? {
        if case .keyword(let hit) = entry, !hit.excludes { return hit.className }
        return nil
    }

    /// Whether the entry speaks for `className`: a keyword of the class, or a lexicon score of its sign.
    func supports(_ className: String) -> Bool {
        switch entry {
        case .keyword(let hit): hit.className == className && !hit.excludes
        case .lexicon(let match): EmotionClass(rawValue: className)?.isSupported(by: match.score) ?? false
        }
    }
}
