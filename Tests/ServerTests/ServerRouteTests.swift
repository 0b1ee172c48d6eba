import AudioFeatures
import Catalog
import DemoCatalog
import Evaluation
import Foundation
import Hummingbird
import HummingbirdTesting
import Learning
import NIOCore
import Store
import TagmineTestSupport
import Testing
import TextMining
import Workflows

@testable import Server

/// A store with a small generated catalogue, labeled by genre, with features and one run.
struct TrainedStore {
    let folder: TemporaryDirectory
    let store: Store
    let genre: LabelSet
    let run: Run
    let written: DemoCatalogue.Written

    init() async throws {
        folder = try TemporaryDirectory()
        written = try DemoCatalogue(tracks: 30, seed: 5, seconds: 1, defects: false).write(to: folder.path)
        store = try Store.create(at: folder.file("tagmine.db"))
        _ = try await ImportWorkflow(store: store).importCatalog(at: written.csv, options: CatalogOptions())
        genre = try #require(
            try await LabelingWorkflow(store: store).keywords(map: KeywordMap.named("genre-seed"), author: "t").labelSet
        )
        _ = try await FeatureWorkflow(store: store).extract(FeatureRequest(spec: ExtractorSpec(.logmelStats)))
        var options = TrainingOptions()
        options.epochs = 10
        run = try await TrainingWorkflow(store: store).train(
            TrainRequest(
                labelSet: genre, extractor: ExtractorSpec(.logmelStats), options: options, folds: 3, name: "r",
                author: "t"))
    }

    func server(
        publicRead: Bool = false, maxUpload: Int = 32 << 20, store: Store? = nil, web: String? = nil
    ) -> TagmineServer {
        var options = TagmineServer.Options()
        options.publicRead = publicRead
        options.maxUploadBytes = maxUpload
        options.webFolder =
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Web").path
        if let web { options.webFolder = web }
        let users = UserDirectory([
            ("viewer-token-0123456789", User(name: "vera", role: .viewer)),
            ("annotator-token-0123456789", User(name: "aiko", role: .annotator)),
        ])
        return TagmineServer(store: store ?? self.store, users: users, options: options)
    }
}

let viewer: HTTPFields = [.authorization: "Bearer viewer-token-0123456789"]
let annotator: HTTPFields = [
    .authorization: "Bearer annotator-token-0123456789", .contentType: "application/json",
]

func json(_ response: TestResponse) throws -> Any {
    try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))
}

@Suite struct ServerRouteTests {
    @Test func everyRouteIsDocumentedAndEveryDocumentedRouteExists() async throws {
        let setup = try await TrainedStore()
        let server = setup.server()
        let routes = Set(
            server.router().routes.map {
                "\($0.method) \($0.path)".replacingOccurrences(
                    of: #":(\w+)"#, with: "{$1}", options: .regularExpression)
            }
            .filter { $0.contains("/api/") })
        try await server.application().test(.router) { client in
            try await client.execute(uri: "/api/openapi.json", method: .get) { response in
                #expect(response.status == .ok)
                let paths = try #require((try json(response) as? [String: Any])?["paths"] as? [String: [String: Any]])
                let documented = Set(
                    paths.flatMap { path, operations in operations.keys.map { "\($0.uppercased()) \(path)" } })
                #expect(
                    documented == routes,
                    "only documented: \(documented.subtracting(routes)); only routed: \(routes.subtracting(documented))"
                )
            }
        }
    }

    @Test func readsNeedAViewerAndWritesAnAnnotator() async throws {
        let setup = try await TrainedStore()
        let body = ByteBuffer(string: #"{"operations":[{"op":"drop","class":"pops"}]}"#)
        try await setup.server().application().test(.router) { client in
            try await client.execute(uri: "/api/health", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/api/runs", method: .get) { #expect($0.status == .unauthorized) }
            try await client.execute(
                uri: "/api/runs", method: .get, headers: [.authorization: "Bearer nope-nope-nope-nope"]
            ) {
                #expect($0.status == .unauthorized)
            }
            try await client.execute(uri: "/api/runs", method: .get, headers: viewer) { #expect($0.status == .ok) }
            try await client.execute(
                uri: "/api/label-sets/\(setup.genre.id)/relabel", method: .post, headers: viewer, body: body
            ) {
                #expect($0.status == .forbidden)
                #expect(String(buffer: $0.body).contains("vera is a viewer"))
            }
            try await client.execute(
                uri: "/api/label-sets/\(setup.genre.id)/relabel", method: .post, headers: annotator, body: body
            ) {
                #expect($0.status == .created)
            }
        }
        try await setup.server(publicRead: true).application().test(.router) { client in
            try await client.execute(uri: "/api/runs", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/api/annotations", method: .post, body: body) {
                #expect($0.status == .unauthorized)
            }
        }
    }

    @Test func anAnnotationOnAStaleParentIsAConflictNamingTheLatestVersion() async throws {
        let setup = try await TrainedStore()
        let track = try #require(setup.written.tracks.first).id
        let correction = ByteBuffer(
            string:
                #"{"parent":\#(setup.genre.id),"corrections":[{"track":"\#(track)","classes":["ballad"]}],"note":"by ear"}"#
        )
        try await setup.server().application().test(.router) { client in
            let first = try await client.execute(
                uri: "/api/annotations", method: .post, headers: annotator, body: correction)
            #expect(first.status == .created)
            let created = try #require((try json(first) as? [String: Any])?["id"] as? Int)
            try await client.execute(uri: "/api/annotations", method: .post, headers: annotator, body: correction) {
                response in
                #expect(response.status == .conflict)
                let body = try json(response) as? [String: Any]
                #expect(body?["head"] as? Int == created)
            }
        }
        let labels = try await setup.store.labels(
            of: track, in: try await setup.store.labelSet(Int64(setup.genre.id + 1)))
        #expect(labels.labels.map(\.className) == ["ballad"] && labels.labels.first?.origin == .manual)
    }

    @Test func audioStreamsWithRangesOnlyForTracksInTheStore() async throws {
        let setup = try await TrainedStore()
        let track = try #require(setup.written.tracks.first)
        let size = try Data(contentsOf: URL(fileURLWithPath: setup.folder.file(track.path))).count
        try await setup.server().application().test(.router) { client in
            let uri = "/api/tracks/\(track.id)/audio"
            try await client.execute(uri: uri, method: .get, headers: viewer) { response in
                #expect(response.status == .ok && response.body.readableBytes == size)
            }
            var ranged = viewer
            ranged[.range] = "bytes=10-109"
            try await client.execute(uri: uri, method: .get, headers: ranged) { response in
                #expect(response.status == .partialContent && response.body.readableBytes == 100)
                #expect(response.headers[.contentRange] == "bytes 10-109/\(size)")
            }
            ranged[.range] = "bytes=\(size + 10)-"
            try await client.execute(uri: uri, method: .get, headers: ranged) {
                #expect($0.status == .rangeNotSatisfiable)
            }
            for trick in [
                "/api/tracks/..%2F..%2Fetc%2Fpasswd/audio", "/api/tracks/../../etc/passwd/audio", "/../Package.swift",
                "/%2e%2e/Package.swift",
            ] {
                try await client.execute(uri: trick, method: .get, headers: viewer) { response in
                    #expect(response.status != .ok && response.status != .partialContent, "\(trick)")
                }
            }
        }
    }

    @Test func predictAnswersLikeAPublishedModelAPIAndRefusesOversizeAndNonAudio() async throws {
        let setup = try await TrainedStore()
        let audio = try Data(contentsOf: URL(fileURLWithPath: setup.folder.file(setup.written.tracks[1].path)))
        try await setup.server(maxUpload: 200_000).application().test(.router) { client in
            try await client.execute(
                uri: "/api/predict?run=r", method: .post, headers: annotator, body: ByteBuffer(bytes: audio)
            ) { response in
                #expect(response.status == .ok)
                let answer = try #require(try json(response) as? [String: Any])
                #expect(
                    answer["classes"] as? [String] == setup.run.classes && answer["run"] as? Int == Int(setup.run.id))
                #expect((answer["probabilities"] as? [Double])?.count == setup.run.classes.count)
            }
            try await client.execute(
                uri: "/api/predict?run=r", method: .post, headers: annotator,
                body: ByteBuffer(string: "not audio at all")
            ) { #expect($0.status == .unsupportedMediaType) }
            try await client.execute(
                uri: "/api/predict?run=r", method: .post, headers: annotator,
                body: ByteBuffer(repeating: 0, count: 300_000)
            ) { #expect($0.status == .contentTooLarge) }
        }
    }

    /// An AAC upload, which libsndfile does not read, is decoded through ffmpeg: the answer is the
    /// command line's prediction for the same file.
    @Test func anM4AUploadPredictsThroughFFmpegAsTheCommandLineDoes() async throws {
        let setup = try await TrainedStore()
        let m4a = setup.folder.file("upload.m4a")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/ffmpeg")
        process.arguments = [
            "-nostdin", "-v", "error", "-i", setup.folder.file(setup.written.tracks[1].path), "-c:a", "aac", m4a,
        ]
        try process.run()
        process.waitUntilExit()
        let local = try Predictor(model: try await TrainingWorkflow(store: setup.store).model(of: setup.run)).predict(
            m4a)
        try await setup.server().application().test(.router) { client in
            try await client.execute(
                uri: "/api/predict?run=r", method: .post, headers: annotator,
                body: ByteBuffer(bytes: try Data(contentsOf: URL(fileURLWithPath: m4a)))
            ) { response in
                #expect(response.status == .ok)
                let answer = try #require(try json(response) as? [String: Any])
                let probabilities = try #require(answer["probabilities"] as? [Double])
                #expect(probabilities.count == setup.run.classes.count)
                #expect(zip(probabilities, local.probabilities).allSatisfy { abs($0 - Double($1)) < 1e-6 })
            }
        }
    }

    @Test func aCNNRunPredictsThroughTheSameEndpointAsTheCommandLine() async throws {
        let setup = try await TrainedStore()
        var mel = MelParameters()
        mel.mels = 32
        let spec = ExtractorSpec(.logmel, mel: mel)
        _ = try await FeatureWorkflow(store: setup.store).extract(FeatureRequest(spec: spec))
        let architecture = try setup.folder.write(
            "tiny.toml", "format = 1\n[[block]]\nconv = 4\nkernel = [3, 3]\nnorm = \"batch\"\npool = \"max\"\n")
        var options = TrainingOptions.defaults(for: .cnn)
        options.epochs = 2
        options.convolution?.architecture = architecture
        options.convolution?.cropSeconds = 0.5
        let run = try await TrainingWorkflow(store: setup.store).train(
            TrainRequest(labelSet: setup.genre, extractor: spec, options: options, folds: 3, name: "c", author: "t"))
        let file = setup.folder.file(setup.written.tracks[1].path)
        let local = try Predictor(model: try await TrainingWorkflow(store: setup.store).model(of: run)).predict(file)
        try await setup.server().application().test(.router) { client in
            try await client.execute(
                uri: "/api/predict?run=c", method: .post, headers: annotator,
                body: ByteBuffer(bytes: try Data(contentsOf: URL(fileURLWithPath: file)))
            ) { response in
                #expect(response.status == .ok)
                let answer = try #require(try json(response) as? [String: Any])
                #expect(answer["classes"] as? [String] == run.classes)
                let probabilities = try #require(answer["probabilities"] as? [Double])
                #expect(probabilities.count == run.classes.count && abs(probabilities.reduce(0, +) - 1) < 1e-4)
                #expect(zip(probabilities, local.probabilities).allSatisfy { abs($0 - Double($1)) < 1e-6 })
            }
        }
    }

    @Test func reportsQueuesAndCellsComeFromTheSameAnalysisAsTheCommandLine() async throws {
        let setup = try await TrainedStore()
        let document = try await ReportWorkflow(store: setup.store).document(setup.run)
        try await setup.server().application().test(.router) { client in
            try await client.execute(uri: "/api/runs/r/report", method: .get, headers: viewer) { response in
                let report = try #require(try json(response) as? [String: Any])
                #expect(report["classes"] as? [String] == document.classes)
            }
            try await client.execute(uri: "/api/runs/r/queue?limit=2", method: .get, headers: viewer) { response in
                let page = try #require(try json(response) as? [String: Any])
                #expect(page["total"] as? Int == document.queue.count)
                #expect((page["entries"] as? [Any])?.count == min(2, document.queue.count))
            }
            let given = document.classes[0]
            try await client.execute(
                uri: "/api/runs/r/predictions?given=\(given)&predicted=\(given)", method: .get, headers: viewer
            ) {
                let entries = try #require(try json($0) as? [[String: Any]])
                #expect(entries.count == document.confusion.counts[0][0])
            }
            try await client.execute(uri: "/api/runs/nope/report", method: .get, headers: viewer) {
                #expect($0.status == .notFound)
            }
        }
    }

    /// A multi-label run's report is its per-class metrics at the run's thresholds, and its queue
    /// the (track, class) decisions the model disputes, strongest first, as `tagmine report` has them.
    @Test func aMultiLabelRunReportsAndQueuesItsDisagreements() async throws {
        let setup = try await TrainedStore()
        let instruments = try #require(
            try await LabelingWorkflow(store: setup.store).keywords(
                map: KeywordMap.named("instrument-seed"), name: "instruments", author: "t"
            ).labelSet)
        var options = TrainingOptions()
        options.epochs = 5
        let run = try await TrainingWorkflow(store: setup.store).train(
            TrainRequest(
                labelSet: instruments, extractor: ExtractorSpec(.logmelStats), options: options, folds: 3, name: "m",
                author: "t"))
        #expect(run.multiLabel)
        let document = try await ReportWorkflow(store: setup.store).multiLabelDocument(run)
        #expect(!document.queue.isEmpty)
        try await setup.server().application().test(.router) { client in
            try await client.execute(uri: "/api/runs/m/report", method: .get, headers: viewer) { response in
                #expect(response.status == .ok)
                let report = try #require(try json(response) as? [String: Any])
                #expect(report["multiLabel"] as? Bool == true)
                let rows = try #require((report["report"] as? [String: Any])?["classes"] as? [[String: Any]])
                #expect(rows.compactMap { ($0["row"] as? [String: Any])?["name"] as? String } == run.classes)
                let thresholds = rows.compactMap { $0["threshold"] as? Double }
                #expect(thresholds.count == run.classes.count)
                #expect(zip(thresholds, document.report.classes).allSatisfy { abs($0 - $1.threshold) < 1e-9 })
            }
            try await client.execute(uri: "/api/runs/m/queue?offset=1&limit=2", method: .get, headers: viewer) {
                let page = try #require(try json($0) as? [String: Any])
                #expect(page["total"] as? Int == document.queue.count)
                let entries = try #require(page["entries"] as? [[String: Any]])
                let expected = Array(document.queue.dropFirst(1).prefix(2))
                #expect(entries.map { $0["track"] as? String } == expected.map(\.track))
                #expect(entries.map { $0["className"] as? String } == expected.map(\.className))
                #expect(entries.map { $0["given"] as? Bool } == expected.map(\.given))
            }
        }
    }

    @Test func aConfusionCellComesWithItsTracksTagsAndEvidenceInOneAnswer() async throws {
        let setup = try await TrainedStore()
        let document = try await ReportWorkflow(store: setup.store).document(setup.run)
        let given = document.classes[0]
        try await setup.server().application().test(.router) { client in
            try await client.execute(
                uri: "/api/runs/r/cell?given=\(given)&predicted=\(given)&limit=3", method: .get, headers: viewer
            ) { response in
                let cell = try #require(try json(response) as? [String: Any])
                let tracks = try #require(cell["tracks"] as? [[String: Any]])
                #expect(cell["labelSet"] as? Int == Int(setup.genre.id))
                #expect(cell["total"] as? Int == document.confusion.counts[0][0])
                #expect(tracks.count == min(3, document.confusion.counts[0][0]) && !tracks.isEmpty)
                for track in tracks {
                    let id = try #require(track["track"] as? String)
                    let stored = try await setup.store.track(id)
                    #expect(track["tags"] as? [String] == stored.tags)
                    let evidence = try #require(track["evidence"] as? [[String: Any]])
                    let expected = try await setup.store.labels(of: id, in: setup.genre).tagEvidence
                    #expect(evidence.map { $0["tag"] as? String } == expected.map(\.tag) && !expected.isEmpty)
                }
            }
            try await client.execute(uri: "/api/runs/r/report", method: .get, headers: viewer) { response in
                let report = try #require(try json(response) as? [String: Any])
                #expect((report["run"] as? [String: Any])?["labelSetID"] as? Int == Int(setup.genre.id))
            }
        }
    }

    @Test func theReviewUIPutsUserTextOnThePageAsTextOnly() throws {
        let web = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Web")
        // Every script of the UI: the entry module and the modules it imports.
        let files = try FileManager.default.subpathsOfDirectory(atPath: web.path).filter { $0.hasSuffix(".js") }
        #expect(files.count > 5)
        var all = ""
        for file in files {
            let script = try String(contentsOf: web.appendingPathComponent(file), encoding: .utf8)
            for sink in ["innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("] {
                #expect(!script.contains(sink), "\(file) uses \(sink)")
            }
            all += script
        }
        #expect(all.contains("node.textContent = value"))
    }

    @Test func emotionSetsShowTheirScoresAndCanBeRecutAsANewVersion() async throws {
        let setup = try await TrainedStore()
        let emotion = try await LabelingWorkflow(store: setup.store).emotion(
            EmotionRequest(
                lexicon: try BuiltinLexicons.polarity(), options: PolarityOptions(), selection: .top(5),
                name: "emotion",
                author: "t"))
        let set = try #require(emotion.labelSet)
        try await setup.server().application().test(.router) { client in
            try await client.execute(uri: "/api/label-sets/emotion", method: .get, headers: viewer) { response in
                let detail = try #require(try json(response) as? [String: Any])
                #expect((detail["scores"] as? [Double])?.count == emotion.scores.count)
            }
            let recut = ByteBuffer(string: #"{"operations":[{"op":"rethreshold","low":-0.5,"high":0.5}]}"#)
            try await client.execute(
                uri: "/api/label-sets/\(set.id)/relabel", method: .post, headers: annotator, body: recut
            ) {
                response in
                #expect(response.status == .created)
                let counts = try #require((try json(response) as? [String: Any])?["counts"] as? [String: Int])
                #expect(counts["positive"] == emotion.scores.filter { $0 >= 0.5 }.count)
            }
            try await client.execute(uri: "/api/tracks/\(setup.written.tracks[0].id)", method: .get, headers: viewer) {
                response in
                let detail = try #require(try json(response) as? [String: Any])
                #expect(detail["failures"] as? [Any] != nil && detail["track"] != nil)
            }
        }
    }
}
