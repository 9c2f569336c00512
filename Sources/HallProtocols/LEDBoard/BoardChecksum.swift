/// The checksums vendor LED frames end with.
public enum BoardChecksum: String, Sendable, CaseIterable {
    case none, xor, sum8, sum16
    case crc16Modbus = "crc16-modbus"

    /// Bytes on the wire.
    public var width: Int {
        switch self {
        case .none: 0
        case .xor, .sum8: 1
        case .sum16, .crc16Modbus: 2
        }
    }

    /// The checksum of `bytes`; a 16-bit one most significant byte first unless `littleEndian`.
    public func compute(_ bytes: some Sequence<UInt8>, littleEndian: Bool) -> [UInt8] {
        let value: Int
        switch self {
        case .none: return []
        case .xor: return [bytes.reduce(0, ^)]
        case .sum8: return [bytes.reduce(0, &+)]
        case .sum16: value = bytes.reduce(0) { ($0 + Int($1)) & 0xFFFF }
        case .crc16Modbus: value = Int(Self.crc16Modbus(bytes))
        }
        let pair = [UInt8(value >> 8), UInt8(value & 0xFF)]
        return littleEndian ? pair.reversed() : pair
    }

    /// CRC-16/MODBUS: polynomial 0xA001 (0x8005 reflected), initial 0xFFFF.
    public static func crc16Modbus(_ bytes: some Sequence<UInt8>) -> UInt16 {
        var crc: UInt16 = 0xFFFF
        for byte in bytes {
            crc ^= UInt16(byte)
            for _ in 0..<8 { crc = crc & 1 != 0 ? (crc >> 1) ^ 0xA001 : crc >> 1 }
        }
        return crc
    }
}
