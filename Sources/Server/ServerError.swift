import Hummingbird

/// An error a route answers with its status and `{"error": {"message": …}}`.
struct APIError: Error, HTTPResponseError {
    let status: HTTPResponse.Status
    let message: String
    /// Extra top-level fields of the body (a conflict names the current head).
    var extra: [String: Int64] = [:]

    init(_ status: HTTPResponse.Status, _ message: String, extra: [String: Int64] = [:]) {
        self.status = status
        self.message = message
        self.extra = extra
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        JSONResponse.error(status, message, extra: extra)
    }
}
