import Hummingbird
import Logging

/// Refuses requests for a host name the server does not answer to (DNS rebinding: a web page on
/// another site resolving its own name to this server's address), and sends the headers that keep
/// the UI's pages from being sniffed, framed (`frame-ancestors 'none'`) or made to run another
/// origin's code.
///
/// IP literals and `localhost` are always accepted: a rebinding attack needs a name it controls.
struct SecurityMiddleware: RouterMiddleware {
    typealias Context = TagmineRequestContext

    /// Host names accepted besides IP literals and `localhost`, lowercased.
    let allowedHosts: Set<String>

    /// The policy the UI runs under: its own scripts and styles only, audio from blob URLs it makes.
    static let contentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
        + "media-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
        + "frame-ancestors 'none'"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard let authority = request.head.authority, accepts(authority) else {
            context.logger.notice("refused a request for host '\(request.head.authority ?? "")'")
            throw APIError(
                .misdirectedRequest,
                "this server does not answer to that host name; start it with --allowed-host NAME to allow it")
        }
        var response = try await next(request, context)
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
        return response
    }

    /// Whether `authority` (`host[:port]`) names this server.
    func accepts(_ authority: String) -> Bool {
        let host = Self.hostName(authority)
        if host == "localhost" || allowedHosts.contains(host) { return true }
        if host.hasPrefix("[") { return true }  // an IPv6 literal
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets.allSatisfy { UInt8($0) != nil }
    }

    /// The host part of `authority`, lowercased, without its port.
    static func hostName(_ authority: String) -> String {
        let lowered = authority.lowercased()
        if lowered.hasPrefix("["), let close = lowered.firstIndex(of: "]") {
            return String(lowered[...close])
        }
        return String(lowered.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)[0])
    }
}
