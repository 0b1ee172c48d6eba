import ArgumentParser
import Server

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the review UI and the JSON API over the store.",
        discussion: """
            Binds to 127.0.0.1 unless --host says otherwise. Users and tokens come from a TOML file
            ([[user]] tables with name, token and role viewer | annotator | admin); requests send
            Authorization: Bearer TOKEN. Reads need a viewer unless --public-read; writes need an
            annotator or admin. The API is described by /api/openapi.json (Web/openapi.json).
            Ctrl-C stops it after the requests in flight.
            """)

    @OptionGroup var store: StoreOptions
    @Option(help: "The interface to bind.") var host = "127.0.0.1"
    @Option(help: "The port.") var port = 8080
    @Option(help: "The users file (TOML).") var users: String?
    @Flag(help: "Let requests without a token read.") var publicRead = false
    @Option(help: "The folder of the review UI.") var web = "Web"

    func validate() throws {
        guard users != nil || publicRead else {
            throw ValidationError("give --users users.toml, or --public-read to serve read-only without tokens")
        }
        guard (1...65_535).contains(port) else { throw ValidationError("--port must be 1–65535") }
    }

    func run() async throws {
        var options = TagmineServer.Options()
        options.host = host
        options.port = port
        options.publicRead = publicRead
        options.webFolder = web
        let directory = try users.map { try UserDirectory.load(path: $0) } ?? UserDirectory([])
        let server = TagmineServer(store: try store.open(), users: directory, options: options)
        printError("Serving \(store.path) on http://\(host):\(port)/ (Ctrl-C to stop)")
        try await server.run()
    }
}
