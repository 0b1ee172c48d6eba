import Foundation
import Hummingbird
import Learning
import Logging
import Pretrained
import Store

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

    /// 507: the disk is full (RFC 4918).
    static let insufficientStorage = HTTPResponse.Status(code: 507, reasonPhrase: "Insufficient Storage")

    /// What `error` means for a client, and what the log should hear beyond that (internals, which
    /// never reach a client).
    static func from(_ error: any Error) -> (error: APIError, detail: String?) {
        if let error = error as? APIError { return (error, nil) }
        if let error = error as? HTTPError {
            return (APIError(error.status, error.body ?? error.status.reasonPhrase), nil)
        }
        if let error = StoreError.classify(error) {
            switch error.code {
            case .notFound, .missingStore: return (APIError(.notFound, error.message), nil)
            case .conflict:
                return (APIError(.conflict, error.message, extra: error.head.map { ["head": $0] } ?? [:]), nil)
            case .invalidRequest: return (APIError(.badRequest, error.message), nil)
            case .readOnly: return (APIError(.forbidden, error.message), nil)
            case .diskFull: return (APIError(insufficientStorage, error.message), nil)
            case .missingFolder, .unreadable:
                return (APIError(.internalServerError, "the store cannot be read"), error.message)
            }
        }
        if let error = error as? ModelFileError {
            return (
                APIError(.internalServerError, "the run's model cannot be loaded (\(error.code.rawValue))"), "\(error)"
            )
        }
        if let error = error as? PretrainedError {
            return (
                APIError(.serviceUnavailable, "the run's pretrained extractor is unavailable: \(error.message)"), nil
            )
        }
        if let error = error as? CocoaError, (error.underlying as? POSIXError)?.code == .ENOSPC {
            return (APIError(insufficientStorage, "the server's disk is full; nothing was written"), "\(error)")
        }
        if (error as? POSIXError)?.code == .ENOSPC {
            return (APIError(insufficientStorage, "the server's disk is full; nothing was written"), "\(error)")
        }
        return (APIError(.internalServerError, "the server failed to answer; its log says why"), "\(error)")
    }
}

/// Turns whatever a route throws into the API's one error shape, and writes one log line for it:
/// client errors at notice level, server errors with their internal detail at error level.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch {
            let (answer, detail) = APIError.from(error)
            let line =
                "\(request.method) \(request.uri.path) → \(answer.status.code): \(answer.message)"
                + (detail.map { " (\($0))" } ?? "")
            context.logger.log(level: answer.status.code >= 500 ? .error : .notice, "\(line)")
            return try answer.response(from: request, context: context)
        }
    }
}
