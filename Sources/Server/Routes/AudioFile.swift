import Foundation
import Hummingbird

/// Streams a track's audio file, honouring one HTTP `Range` (`bytes=a-b`, `bytes=a-`, `bytes=-n`):
/// 206 with `Content-Range` for a satisfiable range, 416 for one past the end, 200 for the whole file.
/// The path always comes from the store, never from the request.
enum AudioFile {
    static let types = [
        "wav": "audio/wav", "flac": "audio/flac", "ogg": "audio/ogg", "oga": "audio/ogg", "opus": "audio/ogg",
        "mp3": "audio/mpeg", "aif": "audio/aiff", "aiff": "audio/aiff",
    ]

    static func response(path: String, range: String?) throws -> Response {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw APIError(.notFound, "the track's audio file is missing")
        }
        defer { try? handle.close() }
        let size = Int(try handle.seekToEnd())
        let type = types[(path as NSString).pathExtension.lowercased()] ?? "application/octet-stream"
        var headers: HTTPFields = [.contentType: type, .acceptRanges: "bytes"]
        var status = HTTPResponse.Status.ok
        var start = 0, end = size - 1
        if let range {
            guard let (first, last) = parse(range, size: size) else {
                headers[.contentRange] = "bytes */\(size)"
                return Response(status: .rangeNotSatisfiable, headers: headers)
            }
            (start, end) = (first, last)
            status = .partialContent
            headers[.contentRange] = "bytes \(start)-\(end)/\(size)"
        }
        try handle.seek(toOffset: UInt64(start))
        let data = size == 0 ? Data() : (try handle.read(upToCount: end - start + 1) ?? Data())
        headers[.contentLength] = "\(data.count)"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// The inclusive byte range `header` asks for in a file of `size` bytes, or `nil` if unsatisfiable.
    static func parse(_ header: String, size: Int) -> (Int, Int)? {
        guard header.hasPrefix("bytes="), !header.contains(","), size > 0 else { return nil }
        let parts = header.dropFirst("bytes=".count).split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return nil }
        if parts[0].isEmpty {
            guard let suffix = Int(parts[1]), suffix > 0 else { return nil }
            return (max(0, size - suffix), size - 1)
        }
        guard let first = Int(parts[0]), first < size else { return nil }
        let last = parts[1].isEmpty ? size - 1 : min(Int(parts[1]) ?? -1, size - 1)
        return last >= first ? (first, last) : nil
    }
}
