/// Scans from a serial (CDC-ACM) scanner: one code per line, ended by CR, CRLF or LF, in UTF-8
/// or GB18030. A line longer than the maximum is reported and skipped to its end.
public struct ScanLineDecoder: Sendable {
    public enum Encoding: String, Sendable {
        case utf8 = "utf-8"
        case gb18030
        /// UTF-8 when the bytes are valid UTF-8, GB18030 otherwise.
        case auto
    }

    public enum Item: Sendable, Equatable {
        case scan(String)
        case error(String)
    }

    public let encoding: Encoding
    public let maximumLength: Int
    private var line: [UInt8] = []
    private var overlong = false
    private var afterCR = false

    /// Any of CR, LF and CRLF ends a line: scanners leave the factory set to one or the other,
    /// and a code never contains them.
    public init(encoding: Encoding = .auto, maximumLength: Int = 2048) {
        self.encoding = encoding
        self.maximumLength = maximumLength
    }

    public mutating func feed(_ bytes: some Sequence<UInt8>) -> [Item] {
        var items: [Item] = []
        for byte in bytes {
            defer { afterCR = byte == 0x0D }
            if byte == 0x0A && afterCR { continue }
            if byte == 0x0D || byte == 0x0A {
                if overlong {
                    items.append(.error("a scan longer than \(maximumLength) bytes was skipped"))
                } else if !line.isEmpty {
                    items.append(decode(line))
                }
                line.removeAll(keepingCapacity: true)
                overlong = false
                continue
            }
            if overlong { continue }
            if line.count == maximumLength {
                overlong = true
                line.removeAll(keepingCapacity: true)
                continue
            }
            line.append(byte)
        }
        return items
    }

    private func decode(_ bytes: [UInt8]) -> Item {
        let utf8 = String(validating: bytes, as: UTF8.self)
        let text: String? =
            switch encoding {
            case .utf8: utf8
            case .gb18030: GB18030.decode(bytes)
            case .auto: utf8 ?? GB18030.decode(bytes)
            }
        guard let text else { return .error("a scan of \(bytes.count) bytes is not valid \(encoding.rawValue) text") }
        guard !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            return .error("a scan contains control characters")
        }
        return .scan(text)
    }
}
