import AudioFeatures
import Evaluation
import Foundation
import Hummingbird
import Learning
public import Logging
import Pretrained
public import Store

/// The review server: the JSON API over the store (the same library calls as the CLI) and the
/// static review UI from `Web/`.
///
/// ```swift
/// let server = TagmineServer(store: store, users: try UserDirectory.load(path: "users.toml"))
/// try await server.run()
/// ```
public struct TagmineServer: Sendable {
    /// How the server is reached and what it allows.
    public struct Options: Sendable {
        /// The interface to bind (127.0.0.1 unless told otherwise).
        public var host = "127.0.0.1"
        public var port = 8080
        /// Let requests without a token read.
        public var publicRead = false
        /// The folder of the review UI.
        public var webFolder = "Web"
        /// The largest audio file `POST /api/predict` accepts.
        public var maxUploadBytes = 32 * 1024 * 1024

        public init() {}
    }

    public let store: Store
    public let users: UserDirectory
    public let options: Options
    let logger: Logger
    let reports = ReportCache()
    let extractors = ExtractorCache()

    /// Creates a server; `logger` receives one line per request.
    public init(store: Store, users: UserDirectory, options: Options = Options(), logger: Logger? = nil) {
        self.store = store
        self.users = users
        self.options = options
        self.logger = logger ?? Logger(label: "tagmine.server")
    }

    /// The Hummingbird application, ready to run (or to test in process).
    func application() -> some ApplicationProtocol {
        Application(
            router: router(),
            configuration: .init(address: .hostname(options.host, port: options.port), serverName: "tagmine"),
            logger: logger)
    }

    /// Runs until SIGINT or SIGTERM, then lets the requests in flight finish before returning.
    public func run() async throws {
        try await application().runService()
    }

    /// Every route: `/api/…` behind the access middleware, the UI as static files.
    func router() -> Router<TagmineRequestContext> {
        let router = Router(context: TagmineRequestContext.self)
        router.add(middleware: LogRequestsMiddleware(.info))
        router.add(middleware: FileMiddleware(options.webFolder, searchForIndexHtml: true))
        router.get("/api/health") { _, _ in try JSONResponse.ok(["status": "ok"]) }
        let webFolder = options.webFolder
        router.get("/api/openapi.json") { _, _ -> Response in
            guard let data = FileManager.default.contents(atPath: webFolder + "/openapi.json") else {
                throw APIError(.notFound, "the OpenAPI document is missing from \(webFolder)")
            }
            return JSONResponse.data(data)
        }
        let api = router.group("api").add(middleware: AccessMiddleware(users: users, publicRead: options.publicRead))
        addCatalogRoutes(api)
        addLabelRoutes(api)
        addRunRoutes(api)
        return router
    }

    // MARK: Catalogue

    private func addCatalogRoutes(_ api: RouterGroup<TagmineRequestContext>) {
        let store = store
        api.get("overview") { _, _ -> Response in
            struct Overview: Encodable {
                var tracks: Int
                var topTags: [TagCount]
                var labelSets: [LabelSet]
                var runs: Int
            }
            return try await mapped {
                try JSONResponse.ok(
                    Overview(
                        tracks: try await store.trackCount(), topTags: try await store.topTags(limit: 40),
                        labelSets: try await store.labelSets(), runs: try await store.runs().count))
            }
        }
        api.get("tracks") { request, _ -> Response in
            let query = request.uri.queryParameters
            let limit = min(500, max(1, query.get("limit", as: Int.self) ?? 50))
            let offset = max(0, query.get("offset", as: Int.self) ?? 0)
            return try await mapped {
                try JSONResponse.ok(try await store.tracks(matching: query.get("q"), limit: limit, offset: offset))
            }
        }
        api.get("tracks/:id") { _, context -> Response in
            let id = try context.parameters.require("id")
            struct Detail: Encodable {
                var track: TrackSummary
                var labels: [VersionLabels]
                var failures: [FeatureFailure]
            }
            return try await mapped {
                let track = try await store.track(id)
                return try JSONResponse.ok(
                    Detail(
                        track: track, labels: try await store.labelsInEveryVersion(of: id),
                        failures: try await store.featureFailures(for: nil, track: id)))
            }
        }
        api.get("tracks/:id/audio") { request, context -> Response in
            let id = try context.parameters.require("id")
            let track = try await mapped { try await store.track(id) }
            guard let path = track.audioPath else { throw APIError(.notFound, "track '\(id)' has no audio path") }
            return try AudioFile.response(path: path, range: request.headers[.range])
        }
    }

    // MARK: Label versions

    private func addLabelRoutes(_ api: RouterGroup<TagmineRequestContext>) {
        let store = store
        api.get("label-sets") { _, _ in try await mapped { try JSONResponse.ok(try await store.labelSets()) } }
        api.get("label-sets/:id") { _, context -> Response in
            let id = try context.parameters.require("id")
            struct Detail: Encodable {
                var labelSet: LabelSet
                var lineage: [LabelSet]
                var latest: Int64?
                /// The per-track scores of a thresholded (emotion) set, for its histogram.
                var scores: [Double]
            }
            return try await mapped {
                let set = try await store.labelSet(named: id)
                return try JSONResponse.ok(
                    Detail(
                        labelSet: set, lineage: try await store.lineage(of: set),
                        latest: try await store.newestDescendant(of: set), scores: try await store.scores(of: set)))
            }
        }
        api.get("label-sets/:id/diff/:other") { _, context -> Response in
            let first = try context.parameters.require("id"), second = try context.parameters.require("other")
            return try await mapped {
                try JSONResponse.ok(
                    try await store.diff(
                        try await store.labelSet(named: first), try await store.labelSet(named: second), limit: 500))
            }
        }
        api.post("label-sets/:id/relabel") { request, context -> Response in
            let id = try context.parameters.require("id")
            let body = try await request.decode(as: RelabelBody.self, context: context)
            let operations = try body.operations.map { try $0.operation() }
            return try await mapped {
                let set = try await store.relabel(
                    RelabelRequest(
                        parent: try await store.labelSet(named: id), operations: operations, name: body.name,
                        author: context.user?.name ?? "anonymous", note: body.note))
                return try JSONResponse.ok(set, status: .created)
            }
        }
        api.post("annotations") { request, context -> Response in
            let body = try await request.decode(as: AnnotationBody.self, context: context)
            guard !body.corrections.isEmpty else { throw APIError(.badRequest, "no corrections") }
            let operations: [RelabelOperation] = body.corrections.map {
                $0.classes.isEmpty
                    ? .unset(track: $0.track, note: $0.note) : .set(track: $0.track, classes: $0.classes, note: $0.note)
            }
            return try await mapped {
                let set = try await store.relabel(
                    RelabelRequest(
                        parent: try await store.labelSet(body.parent), operations: operations, name: body.name,
                        author: context.user?.name ?? "anonymous", note: body.note, requireLatest: true))
                return try JSONResponse.ok(set, status: .created)
            }
        }
    }

    // MARK: Runs and prediction

    private func addRunRoutes(_ api: RouterGroup<TagmineRequestContext>) {
        let store = store, maxUpload = options.maxUploadBytes, reports = reports, extractors = extractors
        api.get("runs") { _, _ -> Response in
            struct Summary: Encodable {
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
            return try await mapped {
                try JSONResponse.ok(
                    try await store.runs().map {
                        Summary(
                            id: $0.id, name: $0.name, labelSet: $0.labelSetID, extractor: $0.extractor.name,
                            model: $0.options.model.rawValue, classes: $0.classes, tracks: $0.predictedTracks,
                            seconds: $0.seconds, createdBy: $0.createdBy, createdAt: $0.createdAt)
                    })
            }
        }
        api.get("runs/:id/report") { request, context -> Response in
            let id = try context.parameters.require("id")
            let normalization =
                request.uri.queryParameters.get("normalize").flatMap(ConfusionMatrix.Normalization.init(rawValue:))
                ?? .none
            return try await mapped {
                JSONResponse.data(
                    try await reports.json(try await store.run(named: id), normalization: normalization, store: store))
            }
        }
        api.get("runs/:id/suggestions") { _, context -> Response in
            let id = try context.parameters.require("id")
            return try await mapped {
                try JSONResponse.ok(
                    try await reports.document(try await store.run(named: id), normalization: .none, store: store)
                        .suggestions)
            }
        }
        api.get("runs/:id/queue") { request, context -> Response in
            let id = try context.parameters.require("id")
            let offset = max(0, request.uri.queryParameters.get("offset", as: Int.self) ?? 0)
            let limit = min(500, max(1, request.uri.queryParameters.get("limit", as: Int.self) ?? 20))
            struct Page: Encodable {
                var total: Int
                var offset: Int
                var entries: [ReportDocument.QueueEntry]
            }
            return try await mapped {
                let queue = try await reports.document(
                    try await store.run(named: id), normalization: .none, store: store
                ).queue
                return try JSONResponse.ok(
                    Page(total: queue.count, offset: offset, entries: Array(queue.dropFirst(offset).prefix(limit))))
            }
        }
        api.get("runs/:id/predictions") { request, context -> Response in
            let id = try context.parameters.require("id")
            let query = request.uri.queryParameters
            struct Entry: Encodable {
                var track: String
                var given: [String]
                var predicted: String
                var fold: Int
                var probabilities: [Float]
            }
            return try await mapped {
                let run = try await store.run(named: id)
                let entries = try await store.predictions(of: run).map { prediction -> Entry in
                    let best =
                        prediction.probabilities.indices.max {
                            prediction.probabilities[$0] < prediction.probabilities[$1]
                        } ?? 0
                    return Entry(
                        track: prediction.catalogueID, given: prediction.given.map { run.classes[$0] },
                        predicted: run.classes[best], fold: prediction.fold, probabilities: prediction.probabilities)
                }.filter { entry in
                    (query.get("given").map { entry.given.contains($0) } ?? true)
                        && (query.get("predicted").map { entry.predicted == $0 } ?? true)
                }
                return try JSONResponse.ok(entries)
            }
        }
        api.post("predict") { request, context -> Response in
            guard let runID = request.uri.queryParameters.get("run") else {
                throw APIError(.badRequest, "name the run: POST /api/predict?run=ID")
            }
            var request = request
            let body: ByteBuffer
            do {
                body = try await request.collectBody(upTo: maxUpload)
            } catch {
                throw APIError(.contentTooLarge, "the audio file is larger than \(maxUpload / 1_048_576) MiB")
            }
            let run = try await mapped { try await store.run(named: runID) }
            let model = try await mapped { try await store.model(of: run) }
            let upload = FileManager.default.temporaryDirectory.appendingPathComponent(
                "tagmine-upload-\(UUID().uuidString)")
            try Data(body.readableBytesView).write(to: upload)
            defer { try? FileManager.default.removeItem(at: upload) }
            let extractor = try await mapped { try await extractors.factory(for: model.extractor) }()
            do {
                let prediction = try Predictor(model: model, extractor: extractor).predict(upload.path)
                struct Answer: Encodable {
                    var run: Int64
                    var classes: [String]
                    var probabilities: [Float]
                    var predicted: [String]
                }
                return try JSONResponse.ok(
                    Answer(
                        run: run.id, classes: prediction.classes, probabilities: prediction.probabilities,
                        predicted: prediction.predicted))
            } catch let error as AudioError {
                switch error.code {
                case .unsupportedFormat, .corrupt, .emptyFile, .truncated:
                    throw APIError(.unsupportedMediaType, "not audio Tagmine can read: \(error.reason)")
                default:
                    throw APIError(.unprocessableContent, error.reason)
                }
            }
        }
        api.get("compare") { request, _ -> Response in
            let query = request.uri.queryParameters
            guard let first = query.get("first"), let second = query.get("second") else {
                throw APIError(.badRequest, "name two runs: /api/compare?first=ID&second=ID")
            }
            struct Comparison: Encodable {
                var first: ClassificationReport
                var second: ClassificationReport
            }
            return try await mapped {
                let a = try await reports.document(
                    try await store.run(named: first), normalization: .none, store: store)
                let b = try await reports.document(
                    try await store.run(named: second), normalization: .none, store: store)
                return try JSONResponse.ok(Comparison(first: a.report, second: b.report))
            }
        }
    }
}

/// Runs `body`, turning store errors into API errors with a status (internals never reach a client).
func mapped<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as StoreError {
        switch error.code {
        case .notFound, .missingStore: throw APIError(.notFound, error.message)
        case .conflict: throw APIError(.conflict, error.message, extra: error.head.map { ["head": $0] } ?? [:])
        case .invalidRequest: throw APIError(.badRequest, error.message)
        case .missingFolder, .unreadable: throw APIError(.internalServerError, "the store cannot be read")
        }
    } catch let error as ModelFileError {
        throw APIError(.internalServerError, "the run's model cannot be loaded (\(error.code.rawValue))")
    } catch let error as PretrainedError {
        throw APIError(.serviceUnavailable, "the run's pretrained extractor is unavailable: \(error.message)")
    }
}
