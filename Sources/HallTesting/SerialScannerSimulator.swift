import HallProtocols

/// A CDC-ACM barcode/QR scanner on the far end of a PTY: each scan is the code's bytes and a
/// line end, in UTF-8 or GB18030, as real scanners send them.
public final class SerialScannerSimulator {
    public enum Encoding: Sendable { case utf8, gb18030 }

    public let path: String
    private let pty: PTYPair

    public init(link: String) throws {
        path = link
        pty = try PTYPair(link: link)
    }

    public func scan(_ code: String, encoding: Encoding = .utf8, lineEnd: [UInt8] = [0x0D]) {
        let bytes = encoding == .utf8 ? Array(code.utf8) : GB18030.encode(code)
        pty.send(bytes + lineEnd)
    }

    /// Raw bytes, such as line noise.
    public func send(_ bytes: [UInt8]) { pty.send(bytes) }

    public func unplug() { pty.unplug() }
}
