internal import CMalloc
import Foundation
import Hummingbird
public import Logging
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
        /// The largest request body: an audio file `POST /api/predict` takes, or a JSON body.
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
        // Audio streams through 128 KiB buffers allocated on one thread and freed on another. Above
        // glibc's default, adaptive mmap threshold they land in per-thread heaps that are slow to give
        // memory back (three 1 GiB downloads grew the server by up to 114 MiB); mapped directly, they
        // are returned on free (29–43 MiB). ServeCommandTests.streamsLargeFilesInChunksSoMemoryStaysFlat.
        mallopt(M_MMAP_THRESHOLD, 64 * 1024)
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
            middleware: AccessMiddleware(
                users: users, publicRead: options.publicRead, readOnly: store.isReadOnly,
                uploadLimit: options.maxUploadBytes))
        CatalogueController(store: store).addRoutes(to: api)
        LabelSetController(store: store).addRoutes(to: api)
        RunController(store: store, reports: reports).addRoutes(to: api)
        PredictionController(store: store, extractors: extractors).addRoutes(to: api)
        return router
    }
}
