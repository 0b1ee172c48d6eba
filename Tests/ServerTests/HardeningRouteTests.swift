import AudioFeatures
import Catalog
import DemoCatalog
import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import NIOCore
import TagmineTestSupport
import Testing
import Workflows

@testable import Server
@testable import Store

/// A trained store with extra tracks whose audio paths a hostile catalogue could hold: a file
/// outside every audio root, symbolic links out of and within the root, a text file, a folder, a
/// FIFO, and a track with a Japanese id holding every character a URL must encode.
private struct HostileStore {
    let setup: TrainedStore
    let outside: TemporaryDirectory
    static let japanese = "曲 1/#?"

    init() async throws {
        setup = try await TrainedStore()
        outside = try TemporaryDirectory()
        let secret = try outside.write(
            "users.toml", "[[user]]\nname = \"admin\"\ntoken = \"secret-token-0123456789\"\n")
        let folder = setup.folder
        let demoAudio = folder.file(setup.written.tracks[0].path)
        try FileManager.default.copyItem(atPath: demoAudio, toPath: outside.file("real.wav"))
        try FileManager.default.createSymbolicLink(
            atPath: folder.file("link-out.wav"), withDestinationPath: outside.file("real.wav"))
        try FileManager.default.createSymbolicLink(atPath: folder.file("link-in.wav"), withDestinationPath: demoAudio)
        try folder.write("notes.wav", "id,token\n1,secret\n")
        try FileManager.default.createDirectory(atPath: folder.file("folder.wav"), withIntermediateDirectories: true)
        #expect(mkfifo(folder.file("fifo.wav"), 0o600) == 0)
        try FileManager.default.copyItem(atPath: demoAudio, toPath: folder.file("曲.wav"))
        let rows = [
            ("E1", secret), ("E2", "link-out.wav"), ("E3", "notes.wav"), ("E4", "folder.wav"), ("E5", "fifo.wav"),
            ("E6", "link-in.wav"), (Self.japanese, "曲.wav"),
        ]
        let csv = "id,path,tags\n" + rows.map { "\(CSVWriting.quoted($0.0)),\($0.1),rock\n" }.joined()
        let summary = try await ImportWorkflow(store: setup.store).importCatalog(
            at: try folder.write("hostile.csv", csv), options: CatalogOptions())
        #expect(
            summary.warnings.first?.description.contains("1 audio paths lie outside every audio root (lines 2)") == true
        )
    }
}

private func path(_ id: String) -> String {
    "/api/tracks/" + id.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
}

@Suite struct HardeningRouteTests {
    @Test func audioIsServedOnlyFromRegularAudioFilesUnderAnAudioRoot() async throws {
        let hostile = try await HostileStore()
        try await hostile.setup.server(publicRead: true).application().test(.router) { client in
            for id in ["E1", "E2", "E3", "E4", "E5"] {
                let started = Date()
                try await client.execute(uri: path(id) + "/audio", method: .get) { response in
                    #expect(response.status == .notFound, "\(id)")
                    let body = String(buffer: response.body)
                    #expect(body == #"{"error":{"message":"track '\#(id)' has no audio the server may send"}}"#)
                }
                // A FIFO would block an open forever; the bound leaves room for a test run's other suites.
                #expect(Date().timeIntervalSince(started) < 10, "\(id) must be refused without waiting on the file")
            }
            try await client.execute(uri: path("E6") + "/audio", method: .get) { response in
                #expect(response.status == .ok && response.headers[.contentType] == "audio/wav")
            }
        }
    }

    @Test func tracksWithJapaneseIdsAndReservedCharactersOpenAndPlay() async throws {
        let hostile = try await HostileStore()
        try await hostile.setup.server().application().test(.router) { client in
            try await client.execute(uri: path(HostileStore.japanese), method: .get, headers: viewer) { response in
                #expect(response.status == .ok)
                let detail = try #require(try json(response) as? [String: Any])
                let track = try #require(detail["track"] as? [String: Any])
                #expect(track["catalogueID"] as? String == HostileStore.japanese)
                #expect(track["audioPath"] as? String == "曲.wav")
            }
            try await client.execute(uri: path(HostileStore.japanese) + "/audio", method: .get, headers: viewer) {
                #expect($0.status == .ok && $0.headers[.contentType] == "audio/wav")
            }
            // A form-encoded query: `+` is a space.
            try await client.execute(uri: "/api/tracks?q=%E6%9B%B2+1", method: .get, headers: viewer) { response in
                let tracks = try #require(try json(response) as? [[String: Any]])
                #expect(tracks.map { $0["catalogueID"] as? String } == [HostileStore.japanese])
            }
        }
    }

    @Test func labelSetsAndRunsNamedWithSpacesAndKanjiAreFound() async throws {
        let setup = try await TrainedStore()
        let name = "ジャンル v2 ✓"
        _ = try await RelabelWorkflow(store: setup.store).relabel(
            RelabelRequest(parent: setup.genre, operations: [.drop(setup.genre.classes[0])], name: name, author: "t"))
        try await setup.server().application().test(.router) { client in
            let encoded = name.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            try await client.execute(uri: "/api/label-sets/\(encoded)", method: .get, headers: viewer) { response in
                #expect(response.status == .ok)
                let detail = try #require(try json(response) as? [String: Any])
                #expect((detail["labelSet"] as? [String: Any])?["name"] as? String == name)
            }
        }
    }

    @Test func trackJSONHoldsPathsRelativeToTheirAudioRootOnly() async throws {
        let hostile = try await HostileStore()
        try await hostile.setup.server().application().test(.router) { client in
            try await client.execute(uri: "/api/tracks?limit=500", method: .get, headers: viewer) { response in
                let tracks = try #require(try json(response) as? [[String: Any]])
                let paths = Dictionary(
                    uniqueKeysWithValues: tracks.map { ($0["catalogueID"] as! String, $0["audioPath"] as? String) })
                let first = hostile.setup.written.tracks[0]
                #expect(paths[first.id] == .some(first.path))
                #expect(paths["E1"] == .some(nil))
                #expect(!String(buffer: response.body).contains(hostile.setup.folder.path))
                #expect(!String(buffer: response.body).contains(hostile.outside.path))
            }
        }
    }

    @Test func rangesPastTheEndAreClampedAndHeadAnswersWithoutABody() async throws {
        let setup = try await TrainedStore()
        let track = try #require(setup.written.tracks.first)
        let size = try Data(contentsOf: URL(fileURLWithPath: setup.folder.file(track.path))).count
        try await setup.server().application().test(.router) { client in
            var ranged = viewer
            ranged[.range] = "bytes=0-99999999999999999999999"
            try await client.execute(uri: path(track.id) + "/audio", method: .get, headers: ranged) { response in
                #expect(response.status == .partialContent && response.body.readableBytes == size)
                #expect(response.headers[.contentRange] == "bytes 0-\(size - 1)/\(size)")
            }
            ranged[.range] = "bytes=-99999999999999999999999"
            try await client.execute(uri: path(track.id) + "/audio", method: .get, headers: ranged) { response in
                #expect(response.status == .partialContent && response.body.readableBytes == size)
            }
            try await client.execute(uri: path(track.id) + "/audio", method: .head, headers: viewer) { response in
                #expect(response.status == .ok && response.body.readableBytes == 0)
                #expect(response.headers[.contentLength] == "\(size)")
            }
            try await client.execute(uri: "/api/runs", method: .head, headers: viewer) { response in
                #expect(response.status == .ok && response.body.readableBytes == 0)
            }
        }
        #expect(AudioFile.range("bytes=5-", size: 10) == 5...9)
        #expect(AudioFile.range("bytes=10-", size: 10) == nil)
        #expect(AudioFile.range("bytes=3-2", size: 10) == nil)
        #expect(AudioFile.range("bytes=-3", size: 10) == 7...9)
        #expect(AudioFile.range("bytes=1-2,4-5", size: 10) == nil)
    }

    @Test func everyResponseCarriesTheHeadersThatKeepTheUIFromBeingSniffedOrFramed() async throws {
        let setup = try await TrainedStore()
        try await setup.server().application().test(.router) { client in
            for uri in ["/", "/app.js", "/api/health", "/api/runs", "/api/nothing-here"] {
                try await client.execute(uri: uri, method: .get, headers: viewer) { response in
                    #expect(response.headers[.xContentTypeOptions] == "nosniff", "\(uri)")
                    #expect(response.headers[.contentSecurityPolicy] == SecurityMiddleware.contentSecurityPolicy)
                }
            }
        }
        #expect(SecurityMiddleware.contentSecurityPolicy.contains("frame-ancestors 'none'"))
        #expect(SecurityMiddleware.contentSecurityPolicy.contains("script-src 'self';"))
    }

    @Test func theHostHeaderMustNameThisServer() {
        let middleware = SecurityMiddleware(allowedHosts: ["tagmine.lan"])
        for accepted in ["127.0.0.1:8080", "localhost:8080", "LOCALHOST", "[::1]:8080", "tagmine.lan:80", "10.0.0.7"] {
            #expect(middleware.accepts(accepted), "\(accepted)")
        }
        for refused in ["evil.example", "evil.example:8080", "127.0.0.1.evil.example", "localhost.evil", "256.1.1.1"] {
            #expect(!middleware.accepts(refused), "\(refused)")
        }
    }

    @Test func staticFilesStayInsideTheWebFolder() async throws {
        let setup = try await TrainedStore()
        let web = try TemporaryDirectory(), outside = try TemporaryDirectory()
        try web.write("index.html", "<title>Tagmine review</title>")
        try web.write(".env", "TOKEN=1")
        try outside.write("secret.txt", "the server's secrets")
        try FileManager.default.createSymbolicLink(
            atPath: web.file("secret.txt"), withDestinationPath: outside.file("secret.txt"))
        try FileManager.default.createSymbolicLink(atPath: web.file("up"), withDestinationPath: outside.path)
        try await setup.server(web: web.path).application().test(.router) { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .ok && String(buffer: response.body) == "<title>Tagmine review</title>")
            }
            for uri in [
                "/%00/", "/%00", "/secret.txt", "/up/secret.txt", "/.env", "/%2e%2e/secret.txt", "/..%2fsecret.txt",
            ] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .notFound, "\(uri)")
                    #expect(!String(buffer: response.body).contains("secrets"), "\(uri)")
                    #expect(String(buffer: response.body).hasPrefix(#"{"error":{"message":"#), "\(uri)")
                }
            }
        }
    }

    @Test func badRequestsGetAMessageAndTheRightStatusNeverAnEmpty500() async throws {
        let setup = try await TrainedStore()
        let set = setup.genre.id, track = setup.written.tracks[0].id, rock = setup.genre.classes[0]
        let cases: [(String, String, HTTPResponse.Status, String)] = [
            (
                "/api/label-sets/\(set)/relabel", #"{"operations":[{"op":"drop","class":"\#(rock)"}],"name":""}"#,
                .badRequest, "a label set cannot have an empty name"
            ),
            (
                "/api/label-sets/\(set)/relabel", #"{"operations":[{"op":"rename","from":"\#(rock)","to":""}]}"#,
                .badRequest, "a class cannot have an empty name"
            ),
            (
                "/api/annotations",
                #"{"parent":\#(set),"corrections":[{"track":"\#(track)","classes":["\#(rock)","\#(rock)"]}]}"#,
                .badRequest, "the classes \(rock)+\(rock) name a class twice"
            ),
            ("/api/annotations", #"{"parent":\#(set),"corrections":"#, .badRequest, ""),
        ]
        try await setup.server().application().test(.router) { client in
            for (uri, body, status, message) in cases {
                try await client.execute(uri: uri, method: .post, headers: annotator, body: ByteBuffer(string: body)) {
                    response in
                    #expect(response.status == status, "\(body)")
                    let error = (try? json(response) as? [String: Any])?["error"] as? [String: Any]
                    let text = try #require(error?["message"] as? String, "\(body): \(String(buffer: response.body))")
                    #expect(message.isEmpty ? !text.isEmpty : text == message)
                }
            }
            try await client.execute(uri: "/api/no/such/route", method: .get, headers: viewer) { response in
                #expect(response.status == .notFound && String(buffer: response.body).hasPrefix(#"{"error":"#))
            }
        }
        #expect(try await setup.store.labelSets().count == 1)
    }

    @Test func aFullDiskIs507AndWritesNothing() async throws {
        let setup = try await TrainedStore()
        // SQLite's page limit stands in for a full disk: once the free pages are used up, the next page
        // a write needs fails with SQLITE_FULL. A long name makes the relabel need new pages.
        try await setup.store.writer.writeWithoutTransaction { db in
            try db.execute(sql: "CREATE TABLE filler (x BLOB)")
            let pages = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0
            try db.execute(sql: "PRAGMA max_page_count = \(pages)")
            while (try? db.execute(sql: "INSERT INTO filler VALUES (zeroblob(2000))")) != nil {}
        }
        let name = String(repeating: "n", count: 200_000)
        let body = #"{"operations":[{"op":"drop","class":"\#(setup.genre.classes[0])"}],"name":"\#(name)"}"#
        try await setup.server().application().test(.router) { client in
            try await client.execute(
                uri: "/api/label-sets/\(setup.genre.id)/relabel", method: .post, headers: annotator,
                body: ByteBuffer(string: body)
            ) { response in
                #expect(response.status.code == 507)
                #expect(String(buffer: response.body).contains("the disk holding the store is full"))
            }
        }
        #expect(try await setup.store.labelSets().count == 1)
    }

    @Test func viewersMayPredictButNobodyWithoutAToken() async throws {
        let setup = try await TrainedStore()
        let audio = try Data(contentsOf: URL(fileURLWithPath: setup.folder.file(setup.written.tracks[1].path)))
        try await setup.server(publicRead: true).application().test(.router) { client in
            try await client.execute(
                uri: "/api/predict?run=r", method: .post, headers: viewer, body: ByteBuffer(bytes: audio)
            ) {
                #expect($0.status == .ok)
            }
            try await client.execute(uri: "/api/predict?run=r", method: .post, body: ByteBuffer(bytes: audio)) {
                response in
                #expect(response.status == .unauthorized)
                #expect(String(buffer: response.body).contains("prediction needs a token (a viewer's is enough)"))
            }
        }
    }

    @Test func aReadOnlyStoreServesReadsAndSaysReadOnlyWhenAWriteIsRefused() async throws {
        let setup = try await TrainedStore()
        let readOnly = try Store.open(at: setup.store.path, readOnly: true)
        let body = #"{"operations":[{"op":"drop","class":"\#(setup.genre.classes[0])"}]}"#
        try await setup.server(store: readOnly).application().test(.router) { client in
            try await client.execute(uri: "/api/runs", method: .get, headers: viewer) { #expect($0.status == .ok) }
            try await client.execute(
                uri: "/api/label-sets/\(setup.genre.id)/relabel", method: .post, headers: annotator,
                body: ByteBuffer(string: body)
            ) { response in
                #expect(response.status == .forbidden)
                #expect(String(buffer: response.body).contains("the store is read-only"))
            }
        }
    }

    @Test func usersFilesWithBlankNamesOrTokensAreRefused() throws {
        let folder = try TemporaryDirectory()
        let cases = [
            ("name = \"  \"\ntoken = \"0123456789abcdefgh\"", "user 1 has a blank name"),
            ("name = \"vera\"\ntoken = \"                \"", "user 1 'vera': the token has white space"),
            ("name = \"vera\"\ntoken = \"0123456789 abcdefgh\"", "user 1 'vera': the token has white space"),
        ]
        for (entry, message) in cases {
            let path = try folder.write("users.toml", "[[user]]\n\(entry)\nrole = \"viewer\"\n")
            let caught = #expect(throws: ServerSetupError.self) { _ = try UserDirectory.load(path: path) }
            #expect(caught?.description.contains(message) == true, "\(entry)")
        }
    }
}
