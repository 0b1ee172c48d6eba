import ArgumentParser
import AudioFeatures
import Foundation
import Store

/// The `--db` option every command that touches the store takes.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: "The store file (default: $TAGMINE_DB, else ./tagmine.db).")
    var db: String?

    /// The store path in force.
    var path: String {
        db ?? ProcessInfo.processInfo.environment["TAGMINE_DB"].flatMap { $0.isEmpty ? nil : $0 } ?? "tagmine.db"
    }

    /// Opens the existing store (only for reading with `readOnly`), or fails with how to create one.
    func open(readOnly: Bool = false) throws -> Store {
        try Store.open(at: path, readOnly: readOnly)
    }
}

/// Exit code for a batch that finished with per-item failures.
let partialFailureExitCode: Int32 = 3

/// Who a change is recorded as made by when `--author` is not given: the OS user.
func defaultAuthor() -> String {
    ProcessInfo.processInfo.environment["USER"].flatMap { $0.isEmpty ? nil : $0 } ?? ProcessInfo.processInfo.userName
}

/// Writes a line to standard error.
func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

/// Runs `body` on each audio file; a file that cannot be read is reported on stderr and the rest
/// go on. Exits 1 when every file failed, 3 when some did.
func forEachAudioFile(_ files: [String], _ body: (String) throws -> Void) throws {
    var failures = 0
    for file in files {
        do {
            try body(file)
        } catch let error as AudioError {
            failures += 1
            printError("Error: \(error) [\(error.code.rawValue)]")
        }
    }
    if failures == files.count { throw ExitCode.failure }
    if failures > 0 { throw ExitCode(partialFailureExitCode) }
}
