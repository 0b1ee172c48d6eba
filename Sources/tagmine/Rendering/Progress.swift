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
        reporter { "\($0) records…" }
    }

    /// A callback that shows each step as `message` puts it, or `nil` when progress is not shown.
    func reporter<Step>(_ message: @escaping @Sendable (Step) -> String) -> (@Sendable (Step) -> Void)? {
        guard enabled else { return nil }
        return { step in show(message(step)) }
    }

    /// Replaces the progress line with `label: message`.
    func show(_ message: String) {
        FileHandle.standardError.write(Data("\r\(label): \(message)\u{1B}[K".utf8))
    }

    /// Clears the progress line.
    func finish() {
        if enabled { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
