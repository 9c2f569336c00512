/// A link bytes go over: a serial port, a USB bulk interface, an evdev node. Blocking, used by
/// one driver thread; reads return what came within the timeout (the transport's own when
/// nil), possibly nothing.
public protocol ByteTransport: AnyObject {
    /// The device node, for messages.
    var path: String { get }
    func read(maximum: Int, timeoutMilliseconds: Int?) throws(TransportFailure) -> [UInt8]
    func write(_ bytes: [UInt8]) throws(TransportFailure)
}

/// Why a transport failed; `gone` means close it and open it again later (unplugged, hung up).
public struct TransportFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var gone: Bool

    public init(_ message: String, gone: Bool) {
        self.message = message
        self.gone = gone
    }

    public var description: String { message }
}

/// Counts what passes through a transport, for the device's traffic counters.
public final class CountingTransport: ByteTransport {
    public let inner: any ByteTransport
    public private(set) var bytesIn = 0
    public private(set) var bytesOut = 0

    public init(_ inner: any ByteTransport) { self.inner = inner }

    public var path: String { inner.path }

    public func read(maximum: Int, timeoutMilliseconds: Int?) throws(TransportFailure) -> [UInt8] {
        let bytes = try inner.read(maximum: maximum, timeoutMilliseconds: timeoutMilliseconds)
        bytesIn += bytes.count
        return bytes
    }

    public func write(_ bytes: [UInt8]) throws(TransportFailure) {
        try inner.write(bytes)
        bytesOut += bytes.count
    }

    /// The counts since the last call.
    public func takeCounts() -> (bytesIn: Int, bytesOut: Int) {
        defer { (bytesIn, bytesOut) = (0, 0) }
        return (bytesIn, bytesOut)
    }
}
