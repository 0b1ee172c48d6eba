import Evaluation
import Foundation
import Store
import Workflows

/// Report documents by run and normalisation. Runs, their predictions and their label versions
/// are immutable, so a document once computed does not go stale (its pretrained tagger's second
/// opinion is the one of the first request: musicnn features extracted later show after a
/// restart); the cache saves the work (reading every prediction, confident learning, tracing the
/// evidence) on every request.
actor ReportCache {
    private struct Key: Hashable {
        var run: Int64
        var normalization: ConfusionMatrix.Normalization
    }

    private var documents: [Key: ReportDocument] = [:]
    private var multiLabelDocuments: [Int64: MultiLabelDocument] = [:]
    private var encoded: [Key: Data] = [:]

    /// The report of `run`, computed once.
    func document(_ run: Run, normalization: ConfusionMatrix.Normalization, store: Store) async throws -> ReportDocument
    {
        let key = Key(run: run.id, normalization: normalization)
        if let document = documents[key] { return document }
        let document = try await ReportWorkflow(store: store).document(run, normalization: normalization)
        documents[key] = document
        return document
    }

    /// The report of multi-label `run`, computed once.
    func multiLabelDocument(_ run: Run, store: Store) async throws -> MultiLabelDocument {
        if let document = multiLabelDocuments[run.id] { return document }
        let document = try await ReportWorkflow(store: store).multiLabelDocument(run)
        multiLabelDocuments[run.id] = document
        return document
    }

    /// The report of `run` as JSON (a multi-label run's document for one), encoded once.
    func json(_ run: Run, normalization: ConfusionMatrix.Normalization, store: Store) async throws -> Data {
        let key = Key(run: run.id, normalization: run.multiLabel ? .none : normalization)
        if let data = encoded[key] { return data }
        let data =
            run.multiLabel
            ? try await multiLabelDocument(run, store: store).json()
            : try await document(run, normalization: normalization, store: store).json()
        encoded[key] = data
        return data
    }
}
