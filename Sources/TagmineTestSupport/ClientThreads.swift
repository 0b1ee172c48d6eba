import Foundation

/// Blocking clients, each on a thread of its own.
///
/// Dispatch's global queues run at most one block per core on Linux; on a two-core CI machine other
/// suites' blocking work can hold both, and a test's clients would then wait instead of running.
public final class ClientThreads: Sendable {
    private let group = DispatchGroup()

    /// Starts `count` threads, each running `body` with its index.
    public init(count: Int, _ body: @escaping @Sendable (Int) -> Void) {
        for index in 0..<count {
            group.enter()
            let thread = Thread { [group] in
                body(index)
                group.leave()
            }
            thread.start()
        }
    }

    /// Whether every client finished within `seconds`.
    public func finish(within seconds: Double) -> Bool {
        group.wait(timeout: .now() + seconds) == .success
    }
}
