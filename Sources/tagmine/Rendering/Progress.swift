import Foundation
import Glibc
import Synchronization

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

    /// A callback that shows each step as `message` puts it, or `nil` when progress is not shown;
    /// `persistent` steps each keep a line instead of replacing the last.
    func reporter<Step>(persistent: Bool = false, _ message: @escaping @Sendable (Step) -> String) -> (
        @Sendable (Step) -> Void
    )? {
        guard enabled else { return nil }
        return { step in
            show(message(step))
            if persistent { FileHandle.standardError.write(Data("\n".utf8)) }
        }
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

/// Estimates the time left of a training from the epochs finished so far, for progress lines.
final class EpochClock: Sendable {
    private let budget: Int
    private let started = Date()
    private let done = Mutex(0)

    /// A clock for at most `budget` epochs in all (wall time per epoch already counts the jobs
    /// running at once).
    init(budget: Int) {
        self.budget = budget
    }

    /// Counts an epoch; returns the time left if every training ran all its epochs, as `4 min` or `25 s`.
    func tick() -> String? {
        let count = done.withLock { count in
            count += 1
            return count
        }
        // Past the budget (a stored split with more parts than --folds) there is no honest estimate.
        guard count < budget else { return nil }
        let left = Date().timeIntervalSince(started) / Double(count) * Double(budget - count)
        guard left.isFinite else { return nil }
        return left >= 120 ? "\(Int((left / 60).rounded())) min" : "\(Int(left.rounded())) s"
    }
}
