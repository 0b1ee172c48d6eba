import HummingbirdCore
import Logging

/// At most `maximum` open connections: beyond that the server stops accepting (new clients wait in
/// the listen backlog) and says so once in the log, so that idle or hostile clients cannot use up
/// the process's file descriptors.
struct ConnectionLimit: AvailableConnectionsDelegate {
    let maximum: Int
    let logger: Logger
    private var open = 0

    init(maximum: Int, logger: Logger) {
        self.maximum = maximum
        self.logger = logger
    }

    mutating func connectionOpened() {
        open += 1
        if open == maximum {
            logger.warning(
                "connection limit reached: \(maximum) connections are open; new ones wait until one closes (--max-connections)"
            )
        }
    }

    mutating func connectionClosed() {
        if open == maximum { logger.notice("below the connection limit again: accepting connections") }
        open -= 1
    }

    func isAcceptingNewConnections() -> Bool { open < maximum }
}
