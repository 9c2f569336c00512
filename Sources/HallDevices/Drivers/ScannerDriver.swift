import HallProtocols

/// A barcode or QR code scanner, as a value: bytes from its transport and the time in, what it
/// scanned out. The daemon's device runner and `hallctl diag scanner` run the same one, so that
/// a scanner set up one way reads the same in both.
///
/// - A keyboard wedge (`evdev-scanner`) sends `struct input_event` records; a scan ends with its
///   suffix key, or, for a scanner set to send none (`suffix: none`), when no key has come for
///   `gap_ms`. Key events carry the kernel's time: the gap is measured on it, and expired on the
///   caller's clock when the keys stop.
/// - A serial scanner (`serial-scanner`) sends one scan a line, in UTF-8 or GB18030.
public struct ScannerDriver: DeviceDriver {
    public enum Output: Sendable, Equatable {
        /// A key pressed on a keyboard wedge (its evdev code), or bytes from a serial scanner,
        /// for a technician to see.
        case key(UInt16)
        case bytes([UInt8])
        case scan(String)
        /// A scan dropped or garbled, in words.
        case problem(String)
    }

    enum Decoder: Sendable {
        case wedge(KeyboardWedgeDecoder)
        case lines(ScanLineDecoder)
    }

    private var decoder: Decoder
    /// Bytes of an input record not complete yet.
    private var pending: [UInt8] = []
    /// The kernel's time of the last key event, and the caller's when it came.
    private var lastEventTime = 0.0
    private var lastEventAt = 0.0
    /// How long a wedge scan with no suffix waits for its next key.
    private let gap: Double

    public init(profile: DeviceProfile) {
        if profile.driver == .evdevScanner {
            let gap = profile.integer("gap_ms") ?? 50
            decoder = .wedge(
                KeyboardWedgeDecoder(
                    suffix: KeyboardWedgeDecoder.Suffix(rawValue: profile.word("suffix") ?? "enter") ?? .enter, gapMilliseconds: gap))
            self.gap = Double(gap) / 1000
        } else {
            decoder = .lines(
                ScanLineDecoder(
                    encoding: ScanLineDecoder.Encoding(rawValue: profile.word("encoding") ?? "auto") ?? .auto,
                    maximumLength: profile.integer("max_length") ?? 2048))
            gap = 0
        }
    }

    public func start(now: Double) -> [DriverAction<Output>] { [] }

    /// A wedge scan with no suffix ends when its gap is over.
    public var nextTick: Double? {
        guard case .wedge(let keys) = decoder, keys.isPending else { return nil }
        return lastEventAt + gap
    }

    /// Bytes that came at `now` (seconds on the caller's monotonic clock).
    public mutating func received(_ bytes: [UInt8], now: Double) -> [DriverAction<Output>] {
        switch decoder {
        case .lines(var lines):
            defer { decoder = .lines(lines) }
            return [.report(.bytes(bytes))]
                + lines.feed(bytes).map { item in
                    switch item {
                    case .scan(let code): .report(.scan(code))
                    case .error(let problem): .report(.problem(problem))
                    }
                }
        case .wedge(var keys):
            defer { decoder = .wedge(keys) }
            pending += bytes
            var outputs: [DriverAction<Output>] = []
            while pending.count >= InputEvent.size {
                let event = InputEvent(record: pending[..<InputEvent.size])
                pending.removeFirst(InputEvent.size)
                (lastEventTime, lastEventAt) = (event.time, now)
                if event.type == 1 && event.value == 1 { outputs.append(.report(.key(event.code))) }
                outputs += keys.feed(event).map(Self.output)
            }
            return outputs
        }
    }

    /// A wedge scan without a suffix ends once its gap is over.
    public mutating func tick(now: Double) -> [DriverAction<Output>] {
        guard case .wedge(var keys) = decoder, keys.isPending else { return [] }
        defer { decoder = .wedge(keys) }
        return keys.expire(at: lastEventTime + (now - lastEventAt)).map(Self.output)
    }

    private static func output(_ item: KeyboardWedgeDecoder.Item) -> DriverAction<Output> {
        switch item {
        case .scan(let code, _): .report(.scan(code))
        case .dropped(let problem): .report(.problem(problem))
        }
    }
}
