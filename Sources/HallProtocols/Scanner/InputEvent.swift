/// One Linux `struct input_event` as read from `/dev/input/eventN` on a 64-bit machine:
/// seconds (8), microseconds (8), type (2), code (2), value (4), little-endian.
public struct InputEvent: Sendable, Equatable {
    public static let size = 24
    public static let keyType: UInt16 = 1

    /// Seconds since the epoch (or since boot, as the kernel's clock says).
    public var time: Double
    public var type: UInt16
    public var code: UInt16
    public var value: Int32

    public init(time: Double, type: UInt16, code: UInt16, value: Int32) {
        self.time = time
        self.type = type
        self.code = code
        self.value = value
    }

    public init(record: ArraySlice<UInt8>) {
        func integer(_ offset: Int, _ width: Int) -> UInt64 {
            (0..<width).reduce(UInt64(0)) { $0 | UInt64(record[record.startIndex + offset + $1]) << (8 * UInt64($1)) }
        }
        time = Double(Int64(bitPattern: integer(0, 8))) + Double(Int64(bitPattern: integer(8, 8))) / 1_000_000
        type = UInt16(integer(16, 2))
        code = UInt16(integer(18, 2))
        value = Int32(bitPattern: UInt32(integer(20, 4)))
    }

    /// The record as the kernel writes it.
    public var record: [UInt8] {
        let seconds = Int64(time.rounded(.down))
        let microseconds = Int64(((time - Double(seconds)) * 1_000_000).rounded())
        func bytes(_ value: UInt64, _ width: Int) -> [UInt8] { (0..<width).map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) } }
        return bytes(UInt64(bitPattern: seconds), 8) + bytes(UInt64(bitPattern: microseconds), 8) + bytes(UInt64(type), 2)
            + bytes(UInt64(code), 2) + bytes(UInt64(UInt32(bitPattern: value)), 4)
    }
}
