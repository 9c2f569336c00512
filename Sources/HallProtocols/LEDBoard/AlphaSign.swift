/// The Alpha Sign Communications Protocol, write-text command:
/// `NUL×5 SOH type address(2 hex) STX 'A' label text [ETX checksum(4 hex)] EOT`, the checksum
/// being the 16-bit sum from STX through ETX. Signs do not answer writes. ASCII only; lines
/// are separated by CR.
public struct AlphaSign: BoardProtocol {
    public var typeCode: UInt8
    public var checksum: Bool
    public var fileLabel: UInt8

    public init(typeCode: UInt8 = UInt8(ascii: "Z"), checksum: Bool = true, fileLabel: UInt8 = UInt8(ascii: "A")) {
        self.typeCode = typeCode
        self.checksum = checksum
        self.fileLabel = fileLabel
    }

    static let (nul, soh, stx, etx, eot): (UInt8, UInt8, UInt8, UInt8, UInt8) = (0x00, 0x01, 0x02, 0x03, 0x04)
    static let writeText = UInt8(ascii: "A")

    public var answers: Bool { false }
    public var asciiOnly: Bool { true }

    public func encode(_ text: String, address: Int) -> [UInt8] {
        let body = asciiBytes(String(text.map { $0 == "\n" ? "\r" : $0 }))
        var frame = [UInt8](repeating: Self.nul, count: 5) + [Self.soh, typeCode] + hexDigits(address, count: 2)
        let fromSTX = [Self.stx, Self.writeText, fileLabel] + body
        frame += fromSTX
        if checksum {
            let sum = (fromSTX + [Self.etx]).reduce(0) { ($0 + Int($1)) & 0xFFFF }
            frame += [Self.etx] + hexDigits(sum, count: 4)
        }
        return frame + [Self.eot]
    }

    public func reply(to frame: BoardFrame) -> [UInt8]? { nil }

    public func checkReply(_ received: [UInt8], to frame: [UInt8], address: Int) -> BoardReplyCheck { .complete }

    public func makeDecoder() -> any BoardFrameDecoding { Decoder() }

    struct Decoder: BoardFrameDecoding {
        var buffer: [UInt8] = []
        var pending: Int { buffer.count }

        mutating func feed(_ bytes: some Sequence<UInt8>) -> [BoardDecoded] {
            buffer.append(contentsOf: bytes)
            var found: [BoardDecoded] = []
            while true {
                guard let start = buffer.firstIndex(of: AlphaSign.soh) else {
                    let garbage = buffer.filter { $0 != AlphaSign.nul }.count
                    if garbage > 0 { found.append(.error("garbage: \(garbage) bytes without SOH")) }
                    buffer.removeAll()
                    return found
                }
                if buffer[..<start].contains(where: { $0 != AlphaSign.nul }) { found.append(.error("garbage before SOH")) }
                buffer.removeFirst(start)
                guard let end = buffer.firstIndex(of: AlphaSign.eot) else {
                    if buffer.count > FrameTable.maximumData {
                        found.append(.error("no EOT within \(FrameTable.maximumData) bytes"))
                        buffer.removeFirst()
                        continue
                    }
                    return found
                }
                let frame = Array(buffer[...end])
                buffer.removeFirst(end + 1)
                guard frame.count >= 8, frame[4] == AlphaSign.stx, let address = hexValue(frame[2..<4]) else {
                    found.append(.error("malformed frame \(hex(frame.prefix(12)))"))
                    continue
                }
                guard frame[5] == AlphaSign.writeText else {
                    found.append(.error("command \(hex([frame[5]])) is not write text"))
                    continue
                }
                var body = frame[7..<(frame.count - 1)]
                if let etx = body.firstIndex(of: AlphaSign.etx) {
                    let digits = body[(etx + 1)...]
                    let sum = frame[4...etx].reduce(0) { ($0 + Int($1)) & 0xFFFF }
                    guard digits.count == 4, hexValue(digits) == sum else {
                        found.append(
                            .error(
                                "bad checksum \(String(decoding: digits, as: UTF8.self)), expected \(String(decoding: hexDigits(sum, count: 4), as: UTF8.self))"
                            ))
                        continue
                    }
                    body = body[..<etx]
                }
                let text = String(String(decoding: body, as: UTF8.self).map { $0 == "\r" ? "\n" : $0 })
                found.append(.frame(BoardFrame(address: address, text: text, bytes: frame)))
            }
        }
    }
}
