import ArgumentParser
import Server
import Store

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the review UI and the JSON API over the store.",
        discussion: """
            Binds to 127.0.0.1 unless --host says otherwise, and answers only to IP addresses, localhost
            and the names given with --allowed-host. Users and tokens come from a TOML file ([[user]]
            tables with name, token and role viewer | annotator | admin); requests send
            Authorization: Bearer TOKEN. Reads need a viewer unless --public-read; prediction needs any
            user's token; writes need an annotator or admin. Audio is served only from the store's audio
            roots (`tagmine roots`). The API is described by /api/openapi.json. Ctrl-C stops it after the
            requests in flight.
            """)

    @OptionGroup var store: StoreOptions
    @Option(help: "The interface to bind.") var host = "127.0.0.1"
    @Option(help: "The port.") var port = 8080
    @Option(help: "The users file (TOML).") var users: String?
    @Flag(help: "Let requests without a token read.") var publicRead = false
    @Flag(help: "Open the store for reading only: the API serves reads and refuses every change.")
    var readOnly = false
    @Option(help: "The folder of the review UI (default: the one installed with tagmine, or $TAGMINE_WEB).")
    var web: String?
    @Option(help: "Seconds a connection may stay without a complete request before it is closed.")
    var idleTimeout = 30.0
    @Option(help: "The most connections open at once; more wait until one closes.") var maxConnections = 512
    @Option(help: "A host name the server answers to besides IP addresses and localhost (repeatable).")
    var allowedHost: [String] = []

    func validate() throws {
        guard users != nil || publicRead else {
            throw ValidationError("give --users users.toml, or --public-read to serve read-only without tokens")
        }
        guard (1...65_535).contains(port) else { throw ValidationError("--port must be 1–65535") }
        guard idleTimeout > 0, idleTimeout <= 86_400 else {
            throw ValidationError("--idle-timeout must be more than 0 and at most 86400 seconds")
        }
        guard maxConnections >= 1 else { throw ValidationError("--max-connections must be at least 1") }
    }

    func run() async throws {
        guard let webFolder = web ?? TagmineServer.webFolder() else {
            throw ValidationError("the review UI's Web folder was not found: pass --web PATH or set TAGMINE_WEB")
        }
        var options = TagmineServer.Options()
        options.host = host
        options.port = port
        options.publicRead = publicRead
        options.webFolder = webFolder
        options.idleTimeout = .milliseconds(Int64(idleTimeout * 1000))
        options.maxConnections = maxConnections
        options.allowedHosts = allowedHost
        let directory = try users.map { try UserDirectory.load(path: $0) } ?? UserDirectory([])
        let store = try store.open(readOnly: readOnly)
        let server = TagmineServer(store: store, users: directory, options: options)
        printError("Serving the review UI from \(webFolder)")
        printError(
            "Serving \(store.path)\(store.isReadOnly ? " (read-only)" : "") on http://\(host):\(port)/ (Ctrl-C to stop)"
        )
        try await server.run()
    }
}
