import AudioFeatures
import Evaluation
import Foundation
import Hummingbird
import Store
import Workflows

/// `/api/runs…` and `/api/compare`: training runs, their reports, suggestions, review queues and
/// out-of-fold predictions.
struct RunController: Sendable {
    let store: Store
    let reports: ReportCache

    func addRoutes(to api: RouterGroup<TagmineRequestContext>) {
        api.get("runs", use: list)
        api.get("runs/:id/report", use: report)
        api.get("runs/:id/suggestions", use: suggestions)
        api.get("runs/:id/queue", use: queue)
        api.get("runs/:id/predictions", use: predictions)
        api.get("runs/:id/cell", use: cell)
        api.get("compare", use: compare)
    }

    struct Summary: Encodable, Sendable {
        var id: Int64
        var name: String?
        var labelSet: Int64
        var extractor: String
        var model: String
        var classes: [String]
        var tracks: Int
        var seconds: Double
        var createdBy: String
        var createdAt: Date
    }

    @Sendable func list(_ request: Request, context: TagmineRequestContext) async throws -> JSON<[Summary]> {
        JSON(
            try await store.runs().map {
                Summary(
                    id: $0.id, name: $0.name, labelSet: $0.labelSetID, extractor: $0.extractor.name,
                    model: $0.modelDescription, classes: $0.classes, tracks: $0.predictedTracks, seconds: $0.seconds,
                    createdBy: $0.createdBy, createdAt: $0.createdAt)
            })
    }

    /// The run a request names, by id or name.
    private func run(_ context: TagmineRequestContext) async throws -> Run {
        try await store.run(named: try context.parameters.decoded("id"))
    }

    @Sendable func report(_ request: Request, context: TagmineRequestContext) async throws -> Response {
        let normalization =
            FormQuery(request)["normalize"].flatMap(ConfusionMatrix.Normalization.init(rawValue:)) ?? .none
        return JSONResponse.data(
            try await reports.json(try await run(context), normalization: normalization, store: store))
    }

    @Sendable func suggestions(_ request: Request, context: TagmineRequestContext) async throws -> JSON<[Suggestion]> {
        JSON(try await reports.document(try await run(context), normalization: .none, store: store).suggestions)
    }

    /// A page of a review queue: a single-label run's tracks, or a multi-label run's (track,
    /// class) disagreements.
    struct QueuePage<Entry: Encodable & Sendable>: Encodable, Sendable {
        var total: Int
        var offset: Int
        var entries: [Entry]

        init(_ queue: [Entry], query: FormQuery) {
            total = queue.count
            offset = max(0, query.integer("offset") ?? 0)
            entries = Array(queue.dropFirst(offset).prefix(min(500, max(1, query.integer("limit") ?? 20))))
        }
    }

    @Sendable func queue(_ request: Request, context: TagmineRequestContext) async throws -> Response {
        let query = FormQuery(request), run = try await run(context)
        if run.multiLabel {
            let queue = try await reports.multiLabelDocument(run, store: store).queue
            return try JSONResponse.ok(QueuePage(queue, query: query))
        }
        let queue = try await reports.document(run, normalization: .none, store: store).queue
        return try JSONResponse.ok(QueuePage(queue, query: query))
    }

    struct PredictionEntry: Encodable, Sendable {
        var track: String
        var given: [String]
        var predicted: String
        var fold: Int
        var probabilities: [Float]
    }

    @Sendable func predictions(_ request: Request, context: TagmineRequestContext) async throws
        -> JSON<[PredictionEntry]>
    {
        let query = FormQuery(request)
        let run = try await run(context)
        return JSON(
            try await store.predictions(of: run).map { prediction in
                PredictionEntry(
                    track: prediction.catalogueID, given: prediction.given.map { run.classes[$0] },
                    predicted: run.classes[prediction.predicted], fold: prediction.fold,
                    probabilities: prediction.probabilities)
            }.filter { entry in
                (query["given"].map { entry.given.contains($0) } ?? true)
                    && (query["predicted"].map { entry.predicted == $0 } ?? true)
            })
    }

    /// A confusion-matrix cell: its tracks with what a reviewer needs beside each, in one answer.
    struct Cell: Encodable, Sendable {
        struct Track: Encodable, Sendable {
            var track: String
            var probabilities: [Float]
            var tags: [String]
            /// The evidence behind the track's labels in the run's label set, tag by tag.
            var evidence: [TrackLabels.TagEvidence]
        }

        /// The run's label set.
        var labelSet: Int64
        var given: String
        var predicted: String
        /// Tracks in the cell.
        var total: Int
        /// The first `limit` of them.
        var tracks: [Track]
    }

    @Sendable func cell(_ request: Request, context: TagmineRequestContext) async throws -> JSON<Cell> {
        let query = FormQuery(request)
        guard let given = query["given"], let predicted = query["predicted"] else {
            throw APIError(.badRequest, "name the cell: /api/runs/ID/cell?given=CLASS&predicted=CLASS")
        }
        let limit = min(200, max(1, query.integer("limit") ?? 30))
        let run = try await run(context)
        let set = try await store.labelSet(run.labelSetID)
        let inCell = try await store.predictions(of: run).filter {
            $0.given.contains { run.classes[$0] == given } && run.classes[$0.predicted] == predicted
        }
        var tracks: [Cell.Track] = []
        for prediction in inCell.prefix(limit) {
            tracks.append(
                Cell.Track(
                    track: prediction.catalogueID, probabilities: prediction.probabilities,
                    tags: try await store.track(prediction.catalogueID).tags,
                    evidence: try await store.labels(of: prediction.catalogueID, in: set).tagEvidence))
        }
        return JSON(Cell(labelSet: set.id, given: given, predicted: predicted, total: inCell.count, tracks: tracks))
    }

    struct Comparison: Encodable, Sendable {
        var first: ClassificationReport
        var second: ClassificationReport
    }

    @Sendable func compare(_ request: Request, context: TagmineRequestContext) async throws -> JSON<Comparison> {
        let query = FormQuery(request)
        guard let first = query["first"], let second = query["second"] else {
            throw APIError(.badRequest, "name two runs: /api/compare?first=ID&second=ID")
        }
        let a = try await reports.document(try await store.run(named: first), normalization: .none, store: store)
        let b = try await reports.document(try await store.run(named: second), normalization: .none, store: store)
        return JSON(Comparison(first: a.report, second: b.report))
    }
}
