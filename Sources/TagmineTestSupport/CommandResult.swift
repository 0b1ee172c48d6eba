public import Foundation
import Glibc

/// The outcome of running the built `tagmine` executable.
public struct CommandResult: Sendable {
    /// What it printed on stdout.
    public var stdout: String
    /// What it printed on stderr.
    public var stderr: String
    /// Its exit status.
    public var status: Int32
}

/// Runs the `tagmine` executable built next to the test bundle, the way a user would.
public enum TagmineExecutable {
    /// The executable's path: SwiftPM puts it in the same products folder as the test bundle.
    public static var url: URL {
        Bundle.main.bundleURL.appendingPathComponent("tagmine")
    }

    /// Runs `tagmine` with `arguments` in `directory`, with `environment` added to the parent's
    /// minus `TAGMINE_DB`, so the caller's shell cannot choose the store. Progress stays off because
    /// stderr is a pipe, not a terminal.
    public static func run(
        _ arguments: [String], in directory: String, environment: [String: String] = [:]
    ) throws -> CommandResult {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var env = ProcessInfo.processInfo.environment
        env["TAGMINE_DB"] = nil
        env.merge(environment) { _, new in new }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read before waiting so a full pipe cannot block the child.
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CommandResult(
            stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self),
            status: process.terminationStatus)
    }
}

extension TagmineExecutable {
    /// Starts `tagmine` with `arguments` in `directory`, sends it SIGKILL after `seconds` (unless it
    /// finished first) and returns whether it was still running when killed.
    @discardableResult
    public static func kill(_ arguments: [String], in directory: String, after seconds: Double) throws -> Bool {
        try kill(arguments, in: directory, when: { false }, orAfter: seconds)
    }

    /// Starts `tagmine` with `arguments` in `directory` and sends it SIGKILL as soon as `condition`
    /// holds (checked every 5 ms) or `seconds` have passed, unless it finished first; returns
    /// whether it was still running when killed.
    @discardableResult
    public static func kill(
        _ arguments: [String], in directory: String, when condition: () throws -> Bool, orAfter seconds: Double
    ) throws -> Bool {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var environment = ProcessInfo.processInfo.environment
        environment["TAGMINE_DB"] = nil
        environment["CI"] = "1"
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline, try !condition() { usleep(5_000) }
        let running = process.isRunning
        if running { Glibc.kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        return running
    }
}

/// A test suite that runs `tagmine` in its own temporary folder.
public protocol CommandLineSuite {
    /// The folder the executable runs in.
    var folder: TemporaryDirectory { get }
}

extension CommandLineSuite {
    /// Runs `tagmine` with `arguments` in ``folder``.
    public func tagmine(_ arguments: String..., environment: [String: String] = [:]) throws -> CommandResult {
        try TagmineExecutable.run(arguments, in: folder.path, environment: environment)
    }

    /// Runs `tagmine` with `arguments` in ``folder``.
    public func tagmine(_ arguments: [String], environment: [String: String] = [:]) throws -> CommandResult {
        try TagmineExecutable.run(arguments, in: folder.path, environment: environment)
    }
}
