import Foundation
import NIOPosix

/// Runs `body`, which may block (file system calls, decoding an upload), on NIO's thread pool rather
/// than the cooperative pool the routes run on: a FIFO or a hung network mount then holds one pool
/// thread, never the server.
func offloaded<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await NIOThreadPool.singleton.runIfActive(body)
}

/// `path` with every symbolic link, `.` and `..` resolved, or `nil` when it does not exist (blocking).
func realPath(_ path: String) -> String? {
    guard let resolved = realpath(path, nil) else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
}
