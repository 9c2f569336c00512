/// A vendor's LED (or keypad) frame described wholly by data (a device profile):
/// `header | address | command | length | data | checksum | trailer`, or with the length
/// first, `header | length | marker | address | command | data | checksum | trailer` (the
/// keypad frame `FF 68 LEN LEN 68 ADDR CMD DATA SUM 16`); each part optional but the header.
/// Lines of text are separated by CR (0x0D) in the data.
public struct FrameTable: BoardProtocol {
    public enum AddressFormat: String, Sendable {
        case binary
        case asciiHex = "ascii-hex"
        case bcd
    }
    /// What the length field counts.
    public enum LengthCounts: String, Sendable {
        case data
        case commandAndData = "command-and-data"
        /// Every byte after the length field, checksum and trailer included.
        case afterLength = "after-length"
        case frame
    }
    /// Where the checksum starts.
    public enum ChecksumFrom: String, Sendable {
        case frameStart = "frame-start"
        case afterHeader = "after-header"
        case address
    }
    public enum TextEncoding: String, Sendable { case gb18030, ascii }

    public var header: [UInt8]
    public var addressBytes = 1
    public var addressFormat = AddressFormat.binary
    public var command: [UInt8] = []
    public var lengthBytes = 0
    public var lengthBigEndian = true
    public var lengthCounts = LengthCounts.data
    public var lengthRepeat = false
    /// The length field right after the header (and `lengthMarker` after it), not after the command.
    public var lengthAfterHeader = false
    public var lengthMarker: [UInt8] = []
    public var encoding = TextEncoding.gb18030
    public var checksum = BoardChecksum.none
    public var checksumFrom = ChecksumFrom.frameStart
    public var checksumBigEndian = true
    public var trailer: [UInt8] = []
    /// The bytes a board answers a good frame with; empty when boards do not answer.
    public var ack: [UInt8] = []

    public init(header: [UInt8]) { self.header = header }

    public var answers: Bool { !ack.isEmpty }
    public var asciiOnly: Bool { encoding == .ascii }

    private var lengthFieldBytes: Int { lengthBytes * (lengthRepeat ? 2 : 1) }
    /// Where the length field, the address and the command start, and the data.
    private var offsets: (length: Int, address: Int, command: Int, data: Int) {
        let lengthPart = lengthFieldBytes + lengthMarker.count
        if lengthAfterHeader {
            let address = header.count + lengthPart
            return (header.count, address, address + addressBytes, address + addressBytes + command.count)
        }
        let length = header.count + addressBytes + command.count
        return (length, header.count, header.count + addressBytes, length + lengthPart)
    }
    /// Bytes before the data.
    private var leadBytes: Int { offsets.data }

    public func encode(_ text: String, address: Int) -> [UInt8] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\r")
        let data = encoding == .ascii ? asciiBytes(String(lines)) : GB18030.encode(String(lines))
        return assemble(address: address, data: data)
    }

    /// A frame around any data (test patterns, diagnostics, a keypad's poll), with the
    /// table's command or another.
    public func frame(address: Int, data: [UInt8], command: [UInt8]? = nil) -> [UInt8] {
        var table = self
        if let command { table.command = command }
        return table.assemble(address: address, data: data)
    }

    private func assemble(address: Int, data: [UInt8]) -> [UInt8] {
        let counted: Int
        switch lengthCounts {
        case .data: counted = data.count
        case .commandAndData: counted = command.count + data.count
        case .afterLength:
            counted =
                data.count + checksum.width + trailer.count + (lengthAfterHeader ? offsets.data - offsets.length - lengthFieldBytes : 0)
        case .frame: counted = leadBytes + data.count + checksum.width + trailer.count
        }
        let length = lengthField(counted)
        let lengthPart = (lengthRepeat ? length + length : length) + lengthMarker
        var frame = header
        if lengthAfterHeader { frame += lengthPart }
        frame += addressField(address) + command
        if !lengthAfterHeader { frame += lengthPart }
        frame += data
        frame += checksum.compute(frame[checksumStart...], littleEndian: !checksumBigEndian)
        return frame + trailer
    }

    private var checksumStart: Int {
        switch checksumFrom {
        case .frameStart: 0
        case .afterHeader, .address: header.count
        }
    }

    func addressField(_ address: Int) -> [UInt8] {
        switch addressFormat {
        case .binary: return (0..<addressBytes).reversed().map { UInt8((address >> ($0 * 8)) & 0xFF) }
        case .asciiHex: return hexDigits(address, count: addressBytes)
        case .bcd:
            var digits: [UInt8] = []
            var rest = address
            for _ in 0..<addressBytes {
                digits.insert(UInt8(rest % 10) | UInt8((rest / 10) % 10) << 4, at: 0)
                rest /= 100
            }
            return digits
        }
    }

    func address(from field: ArraySlice<UInt8>) -> Int? {
        switch addressFormat {
        case .binary: return field.reduce(0) { $0 << 8 | Int($1) }
        case .asciiHex: return field.isEmpty ? 0 : hexValue(field)
        case .bcd:
            var value = 0
            for byte in field {
                guard byte >> 4 < 10, byte & 0xF < 10 else { return nil }
                value = value * 100 + Int(byte >> 4) * 10 + Int(byte & 0xF)
            }
            return value
        }
    }

    private func lengthField(_ value: Int) -> [UInt8] {
        let bytes = (0..<lengthBytes).reversed().map { UInt8((value >> ($0 * 8)) & 0xFF) }
        return lengthBigEndian ? bytes : bytes.reversed()
    }

    /// The data length a length field value stands for.
    fileprivate func dataLength(fromField value: Int) -> Int {
        switch lengthCounts {
        case .data: value
        case .commandAndData: value - command.count
        case .afterLength:
            value - checksum.width - trailer.count - (lengthAfterHeader ? offsets.data - offsets.length - lengthFieldBytes : 0)
        case .frame: value - leadBytes - checksum.width - trailer.count
        }
    }

    fileprivate func readLength(_ bytes: ArraySlice<UInt8>) -> Int {
        let ordered = lengthBigEndian ? Array(bytes) : bytes.reversed()
        return ordered.reduce(0) { $0 << 8 | Int($1) }
    }

    public func reply(to frame: BoardFrame) -> [UInt8]? { answers ? ack : nil }

    public func checkReply(_ received: [UInt8], to frame: [UInt8], address: Int) -> BoardReplyCheck {
        if received.count < ack.count { return ack.starts(with: received) ? .incomplete : .wrong("unexpected answer \(hex(received))") }
        return Array(received.prefix(ack.count)) == ack ? .complete : .wrong("unexpected answer \(hex(received))")
    }

    public func makeDecoder() -> any BoardFrameDecoding { Decoder(table: self) }

    /// The longest data a frame may carry: bounds the decoder's memory.
    public static let maximumData = 4096

    struct Decoder: BoardFrameDecoding {
        let table: FrameTable
        var buffer: [UInt8] = []
        var pending: Int { buffer.count }

        mutating func feed(_ bytes: some Sequence<UInt8>) -> [BoardDecoded] {
            buffer.append(contentsOf: bytes)
            var found: [BoardDecoded] = []
            let header = table.header
            while true {
                guard let start = firstHeader() else {
                    // Keep a tail that may be a header cut by the read.
                    let keep = (1..<max(header.count, 1)).last { buffer.suffix($0).elementsEqual(header.prefix($0)) } ?? 0
                    if buffer.count > keep { found.append(.error("garbage: \(buffer.count - keep) bytes without a frame header")) }
                    buffer.removeFirst(buffer.count - keep)
                    return found
                }
                if start > 0 {
                    found.append(.error("garbage: \(start) bytes before a frame header"))
                    buffer.removeFirst(start)
                }
                let lead = table.leadBytes
                guard buffer.count >= lead else { return found }
                let lengthAt = table.offsets.length
                let lengthEnd = lengthAt + table.lengthFieldBytes
                var dataLength = 0
                if table.lengthBytes > 0 {
                    let field = buffer[lengthAt..<(lengthAt + table.lengthBytes)]
                    let again = buffer[(lengthAt + table.lengthBytes)..<lengthEnd]
                    dataLength = table.dataLength(fromField: table.readLength(field))
                    if (table.lengthRepeat && !field.elementsEqual(again)) || !(0...FrameTable.maximumData).contains(dataLength)
                        || !buffer[lengthEnd..<(lengthEnd + table.lengthMarker.count)].elementsEqual(table.lengthMarker)
                    {
                        found.append(.error("impossible length field \(hex(buffer[lengthAt..<(lengthEnd + table.lengthMarker.count)]))"))
                        buffer.removeFirst()
                        continue
                    }
                } else if let end = trailerEnd(from: lead) {
                    // No length field: the trailer ends the frame.
                    dataLength = end - table.trailer.count - lead - table.checksum.width
                } else {
                    if buffer.count > lead + FrameTable.maximumData {
                        found.append(.error("no frame end within \(FrameTable.maximumData) bytes"))
                        buffer.removeFirst()
                        continue
                    }
                    return found
                }
                let total = lead + dataLength + table.checksum.width + table.trailer.count
                guard buffer.count >= total else { return found }
                let frame = Array(buffer[..<total])
                let dataEnd = lead + dataLength
                let expected = table.checksum.compute(frame[table.checksumStart..<dataEnd], littleEndian: !table.checksumBigEndian)
                if !frame[dataEnd..<(dataEnd + table.checksum.width)].elementsEqual(expected) {
                    found.append(
                        .error("bad checksum: \(hex(frame[dataEnd..<(dataEnd + table.checksum.width)])), expected \(hex(expected))"))
                    buffer.removeFirst()
                    continue
                }
                if !frame.suffix(table.trailer.count).elementsEqual(table.trailer) {
                    found.append(.error("bad trailer: \(hex(frame.suffix(table.trailer.count)))"))
                    buffer.removeFirst()
                    continue
                }
                let addressAt = table.offsets.address
                guard let address = table.address(from: frame[addressAt..<(addressAt + table.addressBytes)]) else {
                    found.append(.error("bad address field"))
                    buffer.removeFirst()
                    continue
                }
                let data = Array(frame[lead..<dataEnd])
                let wire = table.encoding == .ascii ? String(decoding: data, as: UTF8.self) : GB18030.decode(data) ?? "?"
                let text = String(wire.map { $0 == "\r" ? "\n" : $0 })
                let command = Array(frame[table.offsets.command..<(table.offsets.command + table.command.count)])
                found.append(.frame(BoardFrame(address: address, text: text, bytes: frame, command: command, data: data)))
                buffer.removeFirst(total)
            }
        }

        private func firstHeader() -> Int? {
            let header = table.header
            guard buffer.count >= header.count else { return nil }
            return (0...(buffer.count - header.count)).first { buffer[$0..<($0 + header.count)].elementsEqual(header) }
        }

        private func trailerEnd(from start: Int) -> Int? {
            let trailer = table.trailer
            guard !trailer.isEmpty, buffer.count >= start + trailer.count else { return nil }
            return (start...(buffer.count - trailer.count)).first { buffer[$0..<($0 + trailer.count)].elementsEqual(trailer) }.map {
                $0 + trailer.count
            }
        }
    }
}
