import Foundation
import HallAPIModels
import Hummingbird

/// Answers and request bodies in the API's JSON conventions (`APIJSON`).
enum JSON {
    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        let data = (try? APIJSON.encoder.encode(value)) ?? Data(#"{"error":"internal","message":"response could not be encoded"}"#.utf8)
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// Decodes a request body that may be left out: nil when it is.
    static func decodeIfPresent<T: Decodable>(_ type: T.Type, from request: Request) async throws -> T? {
        var request = request
        let buffer = try await request.collectBody(upTo: 64 * 1024)
        guard buffer.readableBytes > 0 else { return nil }
        return try await decode(type, from: request)
    }

    /// Decodes a request body, answering 400 with what was wrong.
    static func decode<T: Decodable>(_ type: T.Type, from request: Request, limitKiB: Int = 64) async throws -> T {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limitKiB * 1024)
        } catch {
            throw APIError(.contentTooLarge, "body_too_large", "请求内容过大 / the request body is larger than \(limitKiB) KiB")
        }
        do {
            return try APIJSON.requestDecoder.decode(T.self, from: Data(buffer: buffer))
        } catch let error as DecodingError {
            throw APIError(.badRequest, "bad_json", "请求格式错误 / \(describe(error))")
        } catch {
            throw APIError(.badRequest, "bad_json", "请求格式错误 / the body is not valid JSON")
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            keys.isEmpty ? "the body" : "\"" + keys.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".") + "\""
        }
        switch error {
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "the body is not valid JSON" : "\(path(context.codingPath)): \(context.debugDescription)"
        case .keyNotFound(let key, let context):
            return "missing field \(path(context.codingPath + [key]))"
        case .typeMismatch(let type, let context):
            return "\(path(context.codingPath)) must be \(type == String.self ? "a string" : "\(type)")"
        case .valueNotFound(_, let context):
            return "\(path(context.codingPath)) must not be null"
        @unknown default:
            return "the body does not fit the request"
        }
    }
}
