import Hummingbird
import NIOCore

/// The request context: Hummingbird's core storage and the user the request's token names.
struct TagmineRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The authenticated user, if the request carried a known token.
    var user: User?
    /// The largest request body (``TagmineServer/Options/maxUploadBytes``, set by ``AccessMiddleware``).
    var uploadLimit = TagmineServer.Options().maxUploadBytes

    /// The connection's event loop.
    let eventLoop: any EventLoop

    init(source: Source) {
        coreContext = .init(source: source)
        user = nil
        eventLoop = source.channel.eventLoop
    }

    /// The one cap on request bodies: uploads to `POST /api/predict` and JSON alike.
    var maxUploadSize: Int { uploadLimit }
}

/// Reads `Authorization: Bearer TOKEN` into the context, and refuses what the user's role does not
/// allow: reads need a viewer (unless the server is public-read); prediction needs any user's token,
/// even on a public-read server (it costs CPU) but writes nothing, so a viewer's is enough; writes need
/// an annotator or admin, and a writable store. Tokens come in a header only, never a cookie, so no
/// other site can make a browser send one.
struct AccessMiddleware: RouterMiddleware {
    typealias Context = TagmineRequestContext

    let users: UserDirectory
    let publicRead: Bool
    /// Whether the store refuses writes (`serve --read-only`, or a file the server cannot write).
    let readOnly: Bool
    /// The largest request body.
    let uploadLimit: Int

    /// What a request needs.
    enum Need {
        case read, predict, write
    }

    static func need(of request: Request) -> Need {
        if request.method == .get || request.method == .head { return .read }
        return request.uri.path == "/api/predict" ? .predict : .write
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var context = context
        context.uploadLimit = uploadLimit
        if let header = request.headers[.authorization], header.hasPrefix("Bearer ") {
            context.user = users.user(token: String(header.dropFirst("Bearer ".count)))
            if context.user == nil { throw APIError(.unauthorized, "unknown token") }
        }
        switch Self.need(of: request) {
        case .write:
            guard let user = context.user else {
                throw APIError(
                    .unauthorized, "this request changes data: send an annotator's token as Authorization: Bearer TOKEN"
                )
            }
            guard user.role >= .annotator else {
                throw APIError(.forbidden, "\(user.name) is a viewer and cannot change data")
            }
            guard !readOnly else {
                throw APIError(
                    .forbidden, "the store is read-only on this server: it serves reads, and changes nothing")
            }
        case .predict:
            guard context.user != nil else {
                throw APIError(
                    .unauthorized, "prediction needs a token (a viewer's is enough) as Authorization: Bearer TOKEN")
            }
        case .read:
            if !publicRead && context.user == nil {
                throw APIError(
                    .unauthorized,
                    "send a token as Authorization: Bearer TOKEN (or start the server with --public-read)")
            }
        }
        return try await next(request, context)
    }
}
