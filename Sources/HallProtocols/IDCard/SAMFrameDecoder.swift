/// Cuts frames out of a byte stream that arrives in pieces of any size. Garbage before a
/// preamble, an impossible length or a bad checksum is reported and skipped: the decoder
/// looks for the next preamble after the bad one's first byte, so a real frame hidden behind
/// garbage is still found. Memory stays bounded by one maximum frame.
public struct SAMFrameDecoder: Sendable {
    public enum Item: Sendable, Equatable {
        /// A good frame's payload.
        case frame([UInt8])
        case error(SAMFrameError)
    }

    private var buffer: [UInt8] = []

    public init() {}

    /// Bytes waiting for the rest of their frame.
    public var pending: Int { buffer.count }

    public mutating func feed(_ bytes: some Sequence<UInt8>) -> [Item] {
        buffer.append(contentsOf: bytes)
        var items: [Item] = []
        while true {
            guard let start = preambleStart() else {
                // Keep a tail that may be the start of a preamble cut by the read.
                let keep = partialPreambleTail()
                if buffer.count > keep { items.append(.error(.garbage(count: buffer.count - keep))) }
                buffer.removeFirst(buffer.count - keep)
                return items
            }
            if start > 0 {
                items.append(.error(.garbage(count: start)))
                buffer.removeFirst(start)
            }
            guard buffer.count >= SAMFrame.headerLength else { return items }
            let length = Int(buffer[5]) << 8 | Int(buffer[6])
            guard (1...SAMFrame.maximumPayload + 1).contains(length) else {
                items.append(.error(.badLength(length)))
                buffer.removeFirst()
                continue
            }
            let total = SAMFrame.headerLength + length
            guard buffer.count >= total else { return items }
            let expected = SAMFrame.checksum(buffer[5..<(total - 1)])
            let found = buffer[total - 1]
            if expected == found {
                items.append(.frame(Array(buffer[SAMFrame.headerLength..<(total - 1)])))
                buffer.removeFirst(total)
            } else {
                items.append(.error(.badChecksum(expected: expected, found: found)))
                buffer.removeFirst()
            }
        }
    }

    /// Drops a partial frame, after a timeout or when the port was reopened.
    public mutating func reset() { buffer.removeAll(keepingCapacity: true) }

    private func preambleStart() -> Int? {
        let preamble = SAMFrame.preamble
        guard buffer.count >= preamble.count else { return nil }
        for index in 0...(buffer.count - preamble.count) where buffer[index] == preamble[0] {
            if buffer[index..<(index + preamble.count)].elementsEqual(preamble) { return index }
        }
        return nil
    }

    private func partialPreambleTail() -> Int {
        let preamble = SAMFrame.preamble
        for keep in stride(from: min(preamble.count - 1, buffer.count), to: 0, by: -1)
        where buffer[(buffer.count - keep)...].elementsEqual(preamble[..<keep]) {
            return keep
        }
        return 0
    }
}
