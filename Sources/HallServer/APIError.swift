import HallAPIModels
import HallCore
import HallStore
import Hummingbird

/// An error answer: `{"error": "<code>", "message": "<human text>"}` with its status.
public struct APIError: HTTPResponseError, Sendable {
    public var status: HTTPResponse.Status
    public var code: String
    public var message: String

    public init(_ status: HTTPResponse.Status, _ code: String, _ message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = JSON.response(APIFailure(error: code, message: message), status: status)
        // The code in a header too, for the audit trail (and any client that does not read the body).
        response.headers[Self.codeHeader] = code
        return response
    }

    static let codeHeader = HTTPFields.Element.Name("X-Hall-Error")!

    /// What any error thrown while answering becomes. Input errors are 4xx; only a failing
    /// journal or a bug reaches 5xx.
    static func from(_ error: any Error) -> APIError {
        switch error {
        case let error as APIError:
            return error
        case let error as HallError:
            let status: HTTPResponse.Status =
                switch error {
                case .unknownService, .unknownWindow, .unknownTicket, .appointmentUnknown: .notFound
                case .badEvaluation: .badRequest
                case .journalInconsistent: .internalServerError
                default: .conflict
                }
            return APIError(status, error.code, error.description)
        case let error as JournalError:
            return APIError(.serviceUnavailable, "journal_unavailable", "暂时无法保存，请稍后再试 / \(error.description)")
        case let error as HTTPError:
            return APIError(error.status, "http_\(error.status.code)", error.body ?? error.status.reasonPhrase)
        default:
            return APIError(.internalServerError, "internal", "\(error)")
        }
    }
}

/// Turns every error, including unknown routes and oversized bodies, into the JSON error form.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let apiError = APIError.from(error)
            if apiError.status.code >= 500 {
                context.logger.error("request failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            }
            return try apiError.response(from: request, context: context)
        }
    }
}
