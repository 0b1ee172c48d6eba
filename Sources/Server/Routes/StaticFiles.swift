import Foundation
import Glibc
import Hummingbird

/// The review UI's files from the Web folder, for every GET outside `/api/`: only regular files whose
/// real path (symbolic links followed) lies inside the folder, never hidden ones, never a path with
/// a NUL, a control character or a `..`. Anything else falls through to the router's 404.
struct StaticFiles: RouterMiddleware {
    typealias Context = TagmineRequestContext

    /// The Web folder's real path.
    let folder: String

    /// Serves `folder` (resolved to its real path here, once).
    init(folder: String) {
        self.folder = realPath(folder) ?? folder
    }

    static let types = [
        "html": "text/html; charset=utf-8", "js": "text/javascript; charset=utf-8", "css": "text/css; charset=utf-8",
        "json": "application/json; charset=utf-8", "svg": "image/svg+xml", "png": "image/png", "ico": "image/x-icon",
    ]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard request.method == .get || request.method == .head, !request.uri.path.hasPrefix("/api/") else {
            return try await next(request, context)
        }
        guard let relative = Self.relativePath(request.uri.path) else {
            throw APIError(.notFound, "no such page")
        }
        if let response = try await response(for: relative, context: context) { return response }
        return try await next(request, context)
    }

    /// The response for the file `relative` in the folder, or `nil` when it is no regular file there.
    func response(for relative: String, context: some RequestContext) async throws -> Response? {
        let folder = folder
        guard let file = try await offloaded({ Self.regularFile(relative, in: folder) }) else { return nil }
        let body = try await FileIO().loadFile(path: file.path, context: context)
        let type = Self.types[(file.path as NSString).pathExtension.lowercased()] ?? "application/octet-stream"
        return Response(
            status: .ok, headers: [.contentType: type, .contentLength: "\(file.size)", .cacheControl: "no-cache"],
            body: body)
    }

    /// The file a URL path names inside the folder (`/` is `index.html`), or `nil` for one no file
    /// of the UI can have.
    static func relativePath(_ path: String) -> String? {
        guard let decoded = path.removingPercentEncoding else { return nil }
        guard !decoded.unicodeScalars.contains(where: { $0.value < 0x20 || $0 == "\\" || $0.value == 0x7F }) else {
            return nil
        }
        var components = decoded.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard !components.contains(where: { $0.hasPrefix(".") }) else { return nil }
        if components.isEmpty || decoded.hasSuffix("/") { components.append("index.html") }
        return components.joined(separator: "/")
    }

    /// The real path and size of `relative` in `folder` when it is a regular file inside it (blocking).
    static func regularFile(_ relative: String, in folder: String) -> (path: String, size: Int)? {
        guard let real = realPath(folder + "/" + relative), real.hasPrefix(folder + "/") else { return nil }
        var info = stat()
        guard stat(real, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        return (real, Int(info.st_size))
    }
}
