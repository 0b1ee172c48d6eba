import Foundation
import TagmineTestSupport
import Testing

/// `tagmine serve` as a process: what an in-process router test cannot show.
@Suite struct ServeCommandTests: CommandLineSuite {
    let folder: TemporaryDirectory

    init() throws {
        folder = try TemporaryDirectory()
        #expect(try tagmine("init").status == 0)
    }

    private func serve(_ arguments: String...) throws -> ServerProcess {
        try ServerProcess(["--public-read"] + arguments, in: folder.path)
    }

    @Test func findsTheShippedWebFolderFromAnyWorkingFolderAndSaysWhichItServes() throws {
        let server = try serve()
        let page = try RawHTTP.request("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", port: server.port)
        let openAPI = try RawHTTP.request(
            "GET /api/openapi.json HTTP/1.1\r\nHost: localhost\r\n\r\n", port: server.port)
        let checkout = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Web").path
        #expect(server.log.contains("Serving the review UI from \(checkout)"))
        #expect(page.statusCode == 200 && page.text.contains("<title>Tagmine review</title>"))
        #expect(openAPI.statusCode == 200 && openAPI.text.contains("\"openapi\""))
    }

    @Test func answersOnlyToItsOwnHostNames() throws {
        let server = try serve("--allowed-host", "tagmine.lan")
        let evil = try RawHTTP.request("GET /api/health HTTP/1.1\r\nHost: evil.example\r\n\r\n", port: server.port)
        let own = try RawHTTP.request(
            "GET /api/health HTTP/1.1\r\nHost: 127.0.0.1:\(server.port)\r\n\r\n", port: server.port)
        let allowed = try RawHTTP.request("GET /api/health HTTP/1.1\r\nHost: tagmine.lan\r\n\r\n", port: server.port)
        #expect(evil.statusCode == 421 && evil.text.contains("--allowed-host"))
        #expect(own.statusCode == 200 && allowed.statusCode == 200)
    }

    @Test func closesSilentAndSlowConnections() throws {
        let server = try serve("--idle-timeout", "1")
        let silent = try RawHTTP.Connection(port: server.port)
        let slow = try RawHTTP.Connection(port: server.port)
        try slow.send("GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        // A client that keeps dribbling header bytes gets no more time than a silent one.
        for _ in 0..<3 {
            usleep(400_000)
            try? slow.send("X-Slow: 1\r\n")
        }
        #expect(silent.isClosedByPeer(within: 2))
        #expect(slow.isClosedByPeer(within: 2))
    }

    @Test func capsOpenConnectionsAndSaysSoInTheLog() throws {
        let server = try serve("--max-connections", "3", "--idle-timeout", "2")
        let held = try (0..<3).map { _ in try RawHTTP.Connection(port: server.port) }
        usleep(200_000)
        let waiting = try RawHTTP.Connection(port: server.port)
        try waiting.send("GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        #expect(waiting.receive(timeout: 0.5).isEmpty)
        #expect(server.log.contains("connection limit reached: 3 connections are open"))
        // Once the idle timeout closes the held connections, the waiting client is answered.
        #expect(waiting.receive(timeout: 5).hasPrefix("HTTP/1.1 200"))
        _ = held
    }

    @Test func refusedAudioIsLoggedWithWhyWhileTheServerStaysResponsive() throws {
        try FileManager.default.createDirectory(atPath: folder.file("audio"), withIntermediateDirectories: true)
        #expect(mkfifo(folder.file("audio/fifo.wav"), 0o600) == 0)
        let outside = try TemporaryDirectory()
        try outside.write("users.toml", "token = \"secret\"\n")
        try folder.write(
            "tags.csv",
            "id,path,tags\nF1,audio/fifo.wav,rock\nF2,audio/fifo.wav,pop\nE4,\(outside.file("users.toml")),rock\n")
        #expect(try tagmine("import", "tags.csv").status == 0)
        let server = try serve()

        let ids = ["F1", "F2"]
        let clients = ClientThreads(count: ids.count) { index in
            _ = try? RawHTTP.request(
                "GET /api/tracks/\(ids[index])/audio HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", port: server.port,
                timeout: 10)
        }
        let started = Date()
        let health = try RawHTTP.request("GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", port: server.port)
        #expect(health.statusCode == 200 && Date().timeIntervalSince(started) < 0.1)
        #expect(clients.finish(within: 5))
        let secret = try RawHTTP.request(
            "GET /api/tracks/E4/audio HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", port: server.port)
        #expect(secret.statusCode == 404 && !secret.text.contains("secret") && !secret.text.contains(outside.path))
        #expect(
            server.log.contains(
                "refused the audio of track 'F1': \(folder.file("audio/fifo.wav")) is not a regular file (a FIFO)"))
        #expect(server.log.contains("refused the audio of track 'E4': \(outside.file("users.toml"))"))
        #expect(server.log.contains("lies outside every audio root"))
    }

    /// Three clients download 1 GiB each while three busy processes starve the server of CPU: a
    /// body that ran ahead of its connection's event loop would pile up in memory.
    @Test func streamsLargeFilesInChunksSoMemoryStaysFlat() throws {
        // A 1 GiB WAV that takes no disk: a header, then a hole.
        try FileManager.default.createDirectory(atPath: folder.file("audio"), withIntermediateDirectories: true)
        let big = folder.file("audio/big.wav")
        var header = Data("RIFF".utf8) + Data([0xFF, 0xFF, 0xFF, 0x7F]) + Data("WAVEfmt ".utf8)
        header += Data(repeating: 0, count: 32)
        try header.write(to: URL(fileURLWithPath: big))
        #expect(truncate(big, 1 << 30) == 0)
        try folder.write("tags.csv", "id,path,tags\nB1,audio/big.wav,rock\n")
        #expect(try tagmine("import", "tags.csv").status == 0)
        let server = try serve()
        let idle = try server.residentMemory()

        let busy = try (0..<3).map { _ in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "while :; do :; done"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            return process
        }
        // The shell's loop does not stop for SIGTERM.
        defer {
            for process in busy {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
            }
        }
        let received = LockedCounter()
        let clients = ClientThreads(count: 3) { _ in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
            process.arguments = [
                "-s", "-o", "/dev/null", "-w", "%{size_download}",
                "http://127.0.0.1:\(server.port)/api/tracks/B1/audio",
            ]
            let out = Pipe()
            process.standardOutput = out
            try? process.run()
            let size = Int(String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)) ?? 0
            process.waitUntilExit()
            received.add(size)
        }
        var peak = idle
        while !clients.finish(within: 0.05) { peak = max(peak, (try? server.residentMemory()) ?? 0) }

        #expect(received.value == 3 << 30)
        #expect(peak - idle < 100 << 20, "resident memory grew by \((peak - idle) >> 20) MiB")
    }
}

/// A total several threads add to.
private final class LockedCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var total = 0

    func add(_ amount: Int) { lock.withLock { total += amount } }
    var value: Int { lock.withLock { total } }
}
