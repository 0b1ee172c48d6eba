import Hummingbird
import NIOCore

/// A response body writer that lets its producer run at most one buffer ahead of the connection:
/// after each buffer it waits for the channel's event loop to have taken it.
///
/// The connection's writer hands a buffer to the event loop and returns at once while the channel
/// still counts as writable; only the event loop, writing it, finds the socket full and stops the
/// next write. When the event loop is starved of CPU, a file read on other threads would run ahead
/// of it and the buffers would pile up in its queue (memory a slow or stalled client could grow
/// without bound). Waiting for a no-op submitted behind the write caps that at one buffer.
struct PacedBodyWriter: ResponseBodyWriter {
    var parent: any ResponseBodyWriter
    let eventLoop: any EventLoop

    mutating func write(_ buffer: ByteBuffer) async throws {
        try await parent.write(buffer)
        try await eventLoop.submit {}.get()
    }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {
        try await parent.finish(trailingHeaders)
    }
}

extension ResponseBody {
    /// This body, written through a ``PacedBodyWriter`` on `eventLoop`.
    func paced(on eventLoop: any EventLoop) -> ResponseBody {
        ResponseBody(contentLength: contentLength) { writer in
            try await write(PacedBodyWriter(parent: writer, eventLoop: eventLoop))
        }
    }
}
