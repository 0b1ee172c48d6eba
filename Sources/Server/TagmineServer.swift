import AudioFeatures
import Catalog
import Evaluation
import Foundation
import Hummingbird
import Learning
public import Logging
import Pretrained
public import Store
import TextMining

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
        /// The folder of the review UI (``TagmineServer/webFolder()`` finds the shipped one).
        public var webFolder = "Web"
        /// The largest audio file `POST /api/predict` accepts.
        public var maxUploadBytes = 32 * 1024 * 1024
        /// How long a connection may sit without a complete request (headers included) before it is
        /// closed: half-open and silent clients hold a descriptor no longer than this.
        public var idleTimeout = Duration.seconds(30)
        /// The most connections open at once; beyond it new ones wait (and the log says so).
        public var maxConnections = 512
        /// Host names the server answers to besides IP literals and `localhost` (DNS rebinding).
        public var allowedHosts: [String] = []

        public init() {}
    }

    /// The review UI's folder as installed: `$TAGMINE_WEB`, `../share/tagmine/Web` beside the
    /// executable, or the nearest `Web/` above it (a checkout's build).
    public static func webFolder() -> String? {
        ResourceFolder(name: "Web", environmentVariable: "TAGMINE_WEB", marker: "index.html").locate()
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
            server: .http1(configuration: .init(idleTimeout: .nanoseconds(Self.nanoseconds(options.idleTimeout)))),
            configuration: .init(
                address: .hostname(options.host, port: options.port), serverName: "tagmine",
                availableConnectionsDelegate: ConnectionLimit(maximum: options.maxConnections, logger: logger)),
            logger: logger)
    }

    private static func nanoseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000
    }

    /// Runs until SIGINT or SIGTERM, then lets the requests in flight finish before returning.
    public func run() async throws {
        try await application().runService()
    }

    /// Every route: `/api/…` behind the access middleware, the UI as static files.
    func router() -> Router<TagmineRequestContext> {
        let router = Router(context: TagmineRequestContext.self, options: .autoGenerateHeadEndpoints)
        router.add(middleware: SecurityMiddleware(allowedHosts: Set(options.allowedHosts.map { $0.lowercased() })))
        router.add(middleware: LogRequestsMiddleware(.info))
        router.add(middleware: ErrorMiddleware())
        let web = StaticFiles(folder: options.webFolder)
        router.add(middleware: web)
        router.get("/api/health") { _, _ in try JSONResponse.ok(["status": "ok"]) }
        router.get("/api/openapi.json") { _, context -> Response in
            guard let response = try await web.response(for: "openapi.json", context: context) else {
                throw APIError(.notFound, "the OpenAPI document is missing from the Web folder \(web.folder)")
            }
            return response
        }
        let api = router.group("api").add(
            middleware: AccessMiddleware(users: users, publicRead: options.publicRead, readOnly: store.isReadOnly))
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
            return try JSONResponse.ok(
                Overview(
                    tracks: try await store.trackCount(), topTags: try await store.topTags(limit: 40),
                    labelSets: try await store.labelSets(), runs: try await store.runs().count))
        }
        api.get("tracks") { request, _ -> Response in
            let query = FormQuery(request)
            let limit = min(500, max(1, query.integer("limit") ?? 50))
            let offset = max(0, query.integer("offset") ?? 0)
            let roots = try await store.audioRoots()
            return try JSONResponse.ok(
                try await store.tracks(matching: query["q"], limit: limit, offset: offset).map {
                    Self.forClients($0, roots: roots)
                })
        }
        api.get("tracks/:id") { _, context -> Response in
            let id = try context.parameters.decoded("id")
            struct Detail: Encodable {
                var track: TrackSummary
                var labels: [VersionLabels]
                var failures: [FeatureFailure]
            }
            let roots = try await store.audioRoots()
            return try JSONResponse.ok(
                Detail(
                    track: Self.forClients(try await store.track(id), roots: roots),
                    labels: try await store.labelsInEveryVersion(of: id),
                    failures: try await store.featureFailures(for: nil, track: id).map {
                        var failure = $0
                        if let path = $0.path {
                            failure.path = roots.relativePath(of: path)
                            failure.message = $0.message.replacingOccurrences(
                                of: path, with: failure.path ?? "(a file outside every audio root)")
                        }
                        return failure
                    }))
        }
        api.get("tracks/:id/audio") { request, context -> Response in
            let id = try context.parameters.decoded("id")
            let track = try await store.track(id)
            let roots = try await store.audioRoots()
            let unavailable = APIError(.notFound, "track '\(id)' has no audio the server may send")
            guard let path = track.audioPath else { throw unavailable }
            let file: AudioFile
            do {
                file = try await offloaded { try AudioFile.check(path, roots: roots) }
            } catch let refusal as AudioFile.Refusal {
                context.logger.notice("refused the audio of track '\(id)': \(refusal)")
                throw unavailable
            }
            return try await file.response(range: request.headers[.range], context: context)
        }
    }

    /// `track` as clients see it: its audio path relative to its audio root, never the server's
    /// absolute path (and none at all outside every root).
    static func forClients(_ track: TrackSummary, roots: AudioRoots) -> TrackSummary {
        var track = track
        track.audioPath = track.audioPath.flatMap(roots.relativePath(of:))
        return track
    }

    // MARK: Label versions

    private func addLabelRoutes(_ api: RouterGroup<TagmineRequestContext>) {
        let store = store
        api.get("label-sets") { _, _ in try JSONResponse.ok(try await store.labelSets()) }
        api.get("label-sets/:id") { _, context -> Response in
            let id = try context.parameters.decoded("id")
            struct Detail: Encodable {
                var labelSet: LabelSet
                var lineage: [LabelSet]
                var latest: Int64?
                /// The per-track scores of a thresholded (emotion) set, for its histogram.
                var scores: [Double]
            }
            let set = try await store.labelSet(named: id)
            return try JSONResponse.ok(
                Detail(
                    labelSet: set, lineage: try await store.lineage(of: set),
                    latest: try await store.newestDescendant(of: set), scores: try await store.scores(of: set)))
        }
        api.get("label-sets/:id/diff/:other") { _, context -> Response in
            let first = try context.parameters.decoded("id"), second = try context.parameters.decoded("other")
            return try JSONResponse.ok(
                try await store.diff(
                    try await store.labelSet(named: first), try await store.labelSet(named: second), limit: 500))
        }
        api.post("label-sets/:id/relabel") { request, context -> Response in
            let id = try context.parameters.decoded("id")
            let body = try await request.decode(as: RelabelBody.self, context: context)
            let operations = body.operations
            let set = try await store.relabel(
                RelabelRequest(
                    parent: try await store.labelSet(named: id), operations: operations, name: body.name,
                    author: context.user?.name ?? "anonymous", note: body.note))
            return try JSONResponse.ok(set, status: .created)
        }
        api.post("annotations") { request, context -> Response in
            let body = try await request.decode(as: AnnotationBody.self, context: context)
            guard !body.corrections.isEmpty else { throw APIError(.badRequest, "no corrections") }
            let operations: [RelabelOperation] = body.corrections.map {
                $0.classes.isEmpty
                    ? .unset(track: $0.track, note: $0.note) : .set(track: $0.track, classes: $0.classes, note: $0.note)
            }
            let set = try await store.relabel(
                RelabelRequest(
                    parent: try await store.labelSet(body.parent), operations: operations, name: body.name,
                    author: context.user?.name ?? "anonymous", note: body.note, requireLatest: true))
            return try JSONResponse.ok(set, status: .created)
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
            return try JSONResponse.ok(
                try await store.runs().map {
                    Summary(
                        id: $0.id, name: $0.name, labelSet: $0.labelSetID, extractor: $0.extractor.name,
                        model: $0.modelDescription, classes: $0.classes, tracks: $0.predictedTracks,
                        seconds: $0.seconds, createdBy: $0.createdBy, createdAt: $0.createdAt)
                })
        }
        api.get("runs/:id/report") { request, context -> Response in
            let id = try context.parameters.decoded("id")
            let normalization =
                FormQuery(request)["normalize"].flatMap(ConfusionMatrix.Normalization.init(rawValue:)) ?? .none
            return JSONResponse.data(
                try await reports.json(try await store.run(named: id), normalization: normalization, store: store))
        }
        api.get("runs/:id/suggestions") { _, context -> Response in
            let id = try context.parameters.decoded("id")
            return try JSONResponse.ok(
                try await reports.document(try await store.run(named: id), normalization: .none, store: store)
                    .suggestions)
        }
        api.get("runs/:id/queue") { request, context -> Response in
            let id = try context.parameters.decoded("id")
            let query = FormQuery(request)
            let offset = max(0, query.integer("offset") ?? 0)
            let limit = min(500, max(1, query.integer("limit") ?? 20))
            struct Page: Encodable {
                var total: Int
                var offset: Int
                var entries: [ReportDocument.QueueEntry]
            }
            let queue = try await reports.document(try await store.run(named: id), normalization: .none, store: store)
                .queue
            return try JSONResponse.ok(
                Page(total: queue.count, offset: offset, entries: Array(queue.dropFirst(offset).prefix(limit))))
        }
        api.get("runs/:id/predictions") { request, context -> Response in
            let id = try context.parameters.decoded("id")
            let query = FormQuery(request)
            struct Entry: Encodable {
                var track: String
                var given: [String]
                var predicted: String
                var fold: Int
                var probabilities: [Float]
            }
            let run = try await store.run(named: id)
            let entries = try await store.predictions(of: run).map { prediction in
                Entry(
                    track: prediction.catalogueID, given: prediction.given.map { run.classes[$0] },
                    predicted: run.classes[prediction.predicted], fold: prediction.fold,
                    probabilities: prediction.probabilities)
            }.filter { entry in
                (query["given"].map { entry.given.contains($0) } ?? true)
                    && (query["predicted"].map { entry.predicted == $0 } ?? true)
            }
            return try JSONResponse.ok(entries)
        }
        api.post("predict") { request, context -> Response in
            guard let runID = FormQuery(request)["run"] else {
                throw APIError(.badRequest, "name the run: POST /api/predict?run=ID")
            }
            var request = request
            let body: ByteBuffer
            do {
                body = try await request.collectBody(upTo: maxUpload)
            } catch {
                throw APIError(.contentTooLarge, "the audio file is larger than \(maxUpload / 1_048_576) MiB")
            }
            let run = try await store.run(named: runID)
            let model = try await store.model(of: run)
            let extractor = try await extractors.factory(for: model.extractor)
            // Writing the upload and extracting its features block: off the request path.
            let prediction = try await offloaded {
                let upload = FileManager.default.temporaryDirectory.appendingPathComponent(
                    "tagmine-upload-\(UUID().uuidString)")
                try Data(body.readableBytesView).write(to: upload)
                defer { try? FileManager.default.removeItem(at: upload) }
                do {
                    return try Predictor(model: model, extractor: extractor()).predict(upload.path)
                } catch let error as AudioError {
                    switch error.code {
                    case .unsupportedFormat, .corrupt, .emptyFile, .truncated:
                        throw APIError(.unsupportedMediaType, "not audio Tagmine can read: \(error.reason)")
                    default:
                        throw APIError(.unprocessableContent, error.reason)
                    }
                }
            }
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
        }
        api.get("compare") { request, _ -> Response in
            let query = FormQuery(request)
            guard let first = query["first"], let second = query["second"] else {
                throw APIError(.badRequest, "name two runs: /api/compare?first=ID&second=ID")
            }
            struct Comparison: Encodable {
                var first: ClassificationReport
                var second: ClassificationReport
            }
            let a = try await reports.document(try await store.run(named: first), normalization: .none, store: store)
            let b = try await reports.document(try await store.run(named: second), normalization: .none, store: store)
            return try JSONResponse.ok(Comparison(first: a.report, second: b.report))
        }
    }
}
