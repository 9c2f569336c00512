import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A small blocking HTTP/1.1 client over one keep-alive TCP connection: what `hallctl`, the
/// tests and the benchmark use to talk to a running daemon. One connection per thread.
public final class HTTPConnection {
    public struct Response: Sendable {
        public var status: Int
        public var headers: [String: String]
        public var body: Data

        public var text: String { String(decoding: body, as: UTF8.self) }

        public func json() -> [String: Any]? { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] }
    }

    public enum Failure: Error, CustomStringConvertible {
        case cannotConnect(String, String)
        case broken(String)

        public var description: String {
            switch self {
            case .cannotConnect(let address, let reason): "cannot connect to \(address): \(reason)"
            case .broken(let reason): "the connection broke: \(reason)"
            }
        }
    }

    public let host: String
    public let port: Int
    private let timeout: TimeInterval
    private var descriptor: Int32 = -1
    private var buffer: [UInt8] = []

    public init(host: String, port: Int, timeout: TimeInterval = 10) {
        self.host = host
        self.port = port
        self.timeout = timeout
    }

    deinit { close() }

    public func close() {
        if descriptor >= 0 { Glibc.close(descriptor) }
        descriptor = -1
        buffer = []
    }

    /// Sends one request and reads the whole response, reconnecting once if a kept-alive
    /// connection was closed by the server meanwhile.
    public func request(_ method: String, _ path: String, json body: Data? = nil, token: String? = nil) throws -> Response {
        do {
            return try attempt(method, path, body: body, token: token)
        } catch Failure.broken {
            close()
            return try attempt(method, path, body: body, token: token)
        }
    }

    /// Opens a streaming GET (server-sent events); read it with `readLine()`.
    public func openStream(_ path: String, token: String?) throws -> Response {
        try connectIfNeeded()
        try send(Array(head("GET", path, token: token, length: nil, accept: "text/event-stream").utf8))
        return try readHead()
    }

    /// The next line of a streaming response (chunked framing removed), without its newline.
    public func readLine() throws -> String {
        while true {
            if let newline = streamText.firstIndex(of: "\n") {
                let line = String(streamText[..<newline])
                streamText.removeSubrange(...newline)
                return line
            }
            try readChunk()
        }
    }

    private var streamText = ""

    private func readChunk() throws {
        guard let bytes = try readChunkBytes() else { throw Failure.broken("stream ended") }
        streamText += String(decoding: bytes, as: UTF8.self)
    }

    /// One chunk of a chunked body, nil for the last (empty) one.
    private func readChunkBytes() throws -> [UInt8]? {
        let sizeLine = try readRawLine()
        guard let size = Int(sizeLine.split(separator: ";").first ?? "", radix: 16) else {
            throw Failure.broken("bad chunk size \(sizeLine)")
        }
        let bytes = try readExactly(size)
        _ = try readRawLine()
        return size == 0 ? nil : bytes
    }

    private func attempt(_ method: String, _ path: String, body: Data?, token: String?) throws -> Response {
        try connectIfNeeded()
        var bytes = Array(
            head(method, path, token: token, length: body?.count ?? (method == "GET" ? nil : 0), accept: "application/json").utf8)
        if let body { bytes += body }
        try send(bytes)
        var response = try readHead()
        if response.headers["transfer-encoding"]?.lowercased() == "chunked" {
            var body: [UInt8] = []
            while let chunk = try readChunkBytes() { body += chunk }
            response.body = Data(body)
        } else {
            response.body = Data(try readExactly(Int(response.headers["content-length"] ?? "0") ?? 0))
        }
        if response.headers["connection"]?.lowercased() == "close" { close() }
        return response
    }

    private func head(_ method: String, _ path: String, token: String?, length: Int?, accept: String) -> String {
        var text = "\(method) \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\nAccept: \(accept)\r\n"
        if let token { text += "Authorization: Bearer \(token)\r\n" }
        if let length { text += "Content-Type: application/json\r\nContent-Length: \(length)\r\n" }
        return text + "\r\n"
    }

    private func readHead() throws -> Response {
        let statusLine = try readRawLine()
        let parts = statusLine.split(separator: " ")
        guard parts.count >= 2, let status = Int(parts[1]) else { throw Failure.broken("bad status line \"\(statusLine)\"") }
        var headers: [String: String] = [:]
        while true {
            let line = try readRawLine()
            if line.isEmpty { break }
            if let colon = line.firstIndex(of: ":") {
                headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
        }
        return Response(status: status, headers: headers, body: Data())
    }

    private func connectIfNeeded() throws {
        guard descriptor < 0 else { return }
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let address = "\(host):\(port)"
        guard getaddrinfo(host, String(port), &hints, &list) == 0, let first = list else {
            throw Failure.cannotConnect(address, "unknown host")
        }
        defer { freeaddrinfo(list) }
        let socketDescriptor = socket(first.pointee.ai_family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard socketDescriptor >= 0 else { throw Failure.cannotConnect(address, String(cString: strerror(errno))) }
        var time = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - timeout.rounded(.down)) * 1_000_000))
        setsockopt(socketDescriptor, SOL_SOCKET, SO_RCVTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(socketDescriptor, SOL_SOCKET, SO_SNDTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        var one: Int32 = 1
        setsockopt(socketDescriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        guard connect(socketDescriptor, first.pointee.ai_addr, first.pointee.ai_addrlen) == 0 else {
            let reason = String(cString: strerror(errno))
            Glibc.close(socketDescriptor)
            throw Failure.cannotConnect(address, reason)
        }
        descriptor = socketDescriptor
    }

    private func send(_ bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard count > 0 else { throw Failure.broken("send: \(String(cString: strerror(errno)))") }
            sent += count
        }
    }

    private func fill() throws {
        var chunk = [UInt8](repeating: 0, count: 16384)
        let count = recv(descriptor, &chunk, chunk.count, 0)
        guard count > 0 else { throw Failure.broken(count == 0 ? "closed by the server" : String(cString: strerror(errno))) }
        buffer += chunk[..<count]
    }

    private func readRawLine() throws -> String {
        while true {
            if let index = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = buffer[..<index]
                buffer.removeSubrange(...index)
                return String(decoding: line.last == UInt8(ascii: "\r") ? line.dropLast() : line, as: UTF8.self)
            }
            try fill()
        }
    }

    private func readExactly(_ count: Int) throws -> [UInt8] {
        while buffer.count < count { try fill() }
        let bytes = Array(buffer[..<count])
        buffer.removeFirst(count)
        return bytes
    }
}
