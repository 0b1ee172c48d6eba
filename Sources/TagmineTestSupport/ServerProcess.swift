import Foundation
import Glibc

/// A `tagmine serve` process on a free port, for tests of what only a real server shows: timeouts,
/// connection limits, memory while streaming, the Host header. Its log goes to a file the test reads.
public final class ServerProcess: @unchecked Sendable {
    /// The port it listens on (127.0.0.1).
    public let port: Int
    private let process: Process
    private let logFile: String

    /// Starts `tagmine serve ARGUMENTS --port P` in `directory` and waits until `/api/health` answers.
    public init(_ arguments: [String], in directory: String, environment: [String: String] = [:]) throws {
        port = try Self.freePort()
        logFile = directory + "/serve-\(port).log"
        guard FileManager.default.createFile(atPath: logFile, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: logFile])
        }
        process = Process()
        process.executableURL = TagmineExecutable.url
        process.arguments = ["serve"] + arguments + ["--port", "\(port)"]
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var env = ProcessInfo.processInfo.environment
        env["TAGMINE_DB"] = nil
        env.merge(environment) { _, new in new }
        process.environment = env
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: logFile))
        try process.run()
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if let status = try? RawHTTP.request("GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", port: port)
                .statusCode, status == 200
            {
                return
            }
            guard process.isRunning else { break }
            usleep(50_000)
        }
        stop()
        throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "the server did not start: \(log)"])
    }

    /// The process id.
    public var pid: Int32 { process.processIdentifier }

    /// What the server has logged so far (stderr).
    public var log: String { (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? "" }

    /// The server's resident memory in bytes.
    public func residentMemory() throws -> Int {
        let statm = try String(contentsOfFile: "/proc/\(pid)/statm", encoding: .utf8)
        return Int(statm.split(separator: " ")[1])! * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// Stops the server (SIGTERM, then SIGKILL after 5 s).
    public func stop() {
        guard process.isRunning else { return }
        process.terminate()
        let deadline = Date().addingTimeInterval(5)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning { Glibc.kill(pid, SIGKILL) }
        process.waitUntilExit()
    }

    deinit { stop() }

    private static func freePort() throws -> Int {
        let socket = try RawHTTP.Connection.socket()
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        try withUnsafeMutablePointer(to: &address) { pointer in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                guard bind(socket, $0, length) == 0, getsockname(socket, $0, &length) == 0 else {
                    throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
                }
            }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// HTTP/1.1 over a plain socket, for what an HTTP client library hides: a silent connection, a
/// hostile `Host` header, a raw request line.
public enum RawHTTP {
    /// What came back.
    public struct Reply: Sendable {
        /// The status line's code, or `nil` when the connection closed without one.
        public var statusCode: Int?
        /// Everything received, headers and body.
        public var text: String
    }

    /// Sends `request` (a whole HTTP/1.1 request, `Connection: close` added) and reads until the
    /// server closes or `timeout` seconds pass.
    public static func request(_ request: String, port: Int, timeout: Double = 5) throws -> Reply {
        let connection = try Connection(port: port)
        let closing = request.replacingOccurrences(of: "\r\n\r\n", with: "\r\nConnection: close\r\n\r\n")
        try connection.send(closing)
        let text = connection.receive(timeout: timeout)
        let status = text.split(separator: " ", maxSplits: 2).dropFirst().first.flatMap { Int($0) }
        return Reply(statusCode: text.hasPrefix("HTTP/1.1") ? status : nil, text: text)
    }

    /// An open TCP connection to 127.0.0.1.
    public final class Connection: @unchecked Sendable {
        private let descriptor: Int32

        /// Connects to `port`.
        public init(port: Int) throws {
            descriptor = try Self.socket()
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = UInt16(port).bigEndian
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard connected == 0 else {
                close(descriptor)
                throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .ECONNREFUSED)
            }
        }

        deinit { close(descriptor) }

        static func socket() throws -> Int32 {
            let descriptor = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard descriptor >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
            return descriptor
        }

        /// Sends `text`.
        public func send(_ text: String) throws {
            let bytes = Array(text.utf8)
            guard Glibc.send(descriptor, bytes, bytes.count, Int32(MSG_NOSIGNAL)) == bytes.count else {
                throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EPIPE)
            }
        }

        /// Reads until the peer closes or `timeout` seconds pass.
        public func receive(timeout: Double) -> String {
            var received: [UInt8] = []
            let deadline = Date().addingTimeInterval(timeout)
            while Date() < deadline {
                var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
                let left = max(1, Int32(deadline.timeIntervalSinceNow * 1000))
                guard poll(&poller, 1, left) > 0 else { break }
                var buffer = [UInt8](repeating: 0, count: 65_536)
                let count = recv(descriptor, &buffer, buffer.count, 0)
                if count <= 0 { break }
                received += buffer[..<count]
            }
            return String(decoding: received, as: UTF8.self)
        }

        /// Whether the server has closed the connection, waiting at most `timeout` seconds to see.
        public func isClosedByPeer(within timeout: Double) -> Bool {
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, Int32(timeout * 1000)) > 0 else { return false }
            var byte: UInt8 = 0
            return recv(descriptor, &byte, 1, Int32(MSG_PEEK)) <= 0
        }
    }
}
