import AudioFeatures
import Catalog
import Foundation
import Glibc
import Hummingbird

/// A track's audio file the server has checked it may send: the real path under an audio root, a
/// regular file, audio by its first bytes.
struct AudioFile: Sendable {
    /// The path with every symbolic link resolved.
    let path: String
    /// Its size in bytes.
    let size: Int
    /// What it is by its header.
    let signature: AudioSignature

    /// Why a stored path is not served; told to the log, never to the client.
    struct Refusal: Error, CustomStringConvertible {
        let description: String
    }

    /// Checks `path` (blocking: run it through ``offloaded(_:)``). Special files are refused from
    /// `stat` alone, before anything opens them.
    static func check(_ path: String, roots: AudioRoots) throws -> AudioFile {
        guard let real = realPath(path) else {
            throw Refusal(description: "\(path): \(String(cString: strerror(errno)))")
        }
        let realRoots = AudioRoots(roots.folders.compactMap(realPath))
        guard realRoots.contains(real) else {
            throw Refusal(description: "\(path) (\(real)) lies outside every audio root; see `tagmine roots`")
        }
        var info = stat()
        guard stat(real, &info) == 0 else { throw Refusal(description: "\(real): \(String(cString: strerror(errno)))") }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw Refusal(description: "\(real) is not a regular file (\(Self.kind(of: info.st_mode)))")
        }
        let descriptor = open(real, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw Refusal(description: "\(real): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var header = [UInt8](repeating: 0, count: AudioSignature.headerLength)
        let count = header.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        guard let signature = AudioSignature(header: Array(header.prefix(max(0, count)))) else {
            throw Refusal(description: "\(real) is not audio by its header")
        }
        return AudioFile(path: real, size: Int(info.st_size), signature: signature)
    }

    private static func kind(of mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFDIR: "a folder"
        case S_IFIFO: "a FIFO"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        case S_IFSOCK: "a socket"
        default: "a special file"
        }
    }

    /// The response for `rangeHeader`: the whole file (200), one range of it (206, `Content-Range`),
    /// or 416 for a range that starts past the end. The body streams in chunks through NIO's
    /// non-blocking file system, each read after the connection took the last, so memory stays flat
    /// whatever the file's size and however slowly the client reads.
    func response(range rangeHeader: String?, context: TagmineRequestContext) async throws -> Response {
        var headers: HTTPFields = [.contentType: signature.mediaType, .acceptRanges: "bytes"]
        var status = HTTPResponse.Status.ok
        var range = 0...max(0, size - 1)
        if let rangeHeader {
            guard let requested = Self.range(rangeHeader, size: size) else {
                headers[.contentRange] = "bytes */\(size)"
                return Response(status: .rangeNotSatisfiable, headers: headers)
            }
            range = requested
            status = .partialContent
            headers[.contentRange] = "bytes \(range.lowerBound)-\(range.upperBound)/\(size)"
        }
        headers[.contentLength] = "\(range.count)"
        let body = try await FileIO().loadFile(path: path, range: range, context: context)
        return Response(status: status, headers: headers, body: body.paced(on: context.eventLoop))
    }

    /// The inclusive byte range one `bytes=a-b`, `bytes=a-` or `bytes=-n` asks for in a file of
    /// `size` bytes, or `nil` if unsatisfiable. An end past the file is clamped (RFC 9110, 14.1.2).
    static func range(_ header: String, size: Int) -> ClosedRange<Int>? {
        guard header.hasPrefix("bytes="), !header.contains(","), size > 0 else { return nil }
        let parts = header.dropFirst("bytes=".count).split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }) else {
            return nil
        }
        // Digits beyond Int's range mean "past any file": clamp rather than refuse.
        func number(_ digits: Substring) -> Int { Int(digits) ?? .max }
        if parts[0].isEmpty {
            guard !parts[1].isEmpty else { return nil }
            let suffix = number(parts[1])
            guard suffix > 0 else { return nil }
            return max(0, size - min(suffix, size))...(size - 1)
        }
        let first = number(parts[0])
        guard first < size else { return nil }
        let last = parts[1].isEmpty ? size - 1 : min(number(parts[1]), size - 1)
        return last >= first ? first...last : nil
    }
}
