import Foundation
import Glibc

/// A one-line progress counter on stderr, shown only on an interactive terminal outside CI.
struct Progress: Sendable {
    let label: String
    let enabled: Bool

    init(label: String) {
        self.label = label
        enabled = isatty(STDERR_FILENO) == 1 && ProcessInfo.processInfo.environment["CI"] == nil
    }

    /// Shows `count` records done.
    var report: (@Sendable (Int) -> Void)? {
        guard enabled else { return nil }
        let label = label
        return { count in FileHandle.standardError.write(Data("\r\(label): \(count) records…".utf8)) }
    }

    /// Clears the progress line.
    func finish() {
        if enabled { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
