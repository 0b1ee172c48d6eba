import Hummingbird

/// A handler's answer: a value sent as JSON (sorted keys, ISO 8601 dates) with a status.
struct JSON<Value: Encodable & Sendable>: ResponseGenerator, Sendable {
    var value: Value
    var status: HTTPResponse.Status = .ok

    init(_ value: Value, status: HTTPResponse.Status = .ok) {
        self.value = value
        self.status = status
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        try JSONResponse.ok(value, status: status)
    }
}
