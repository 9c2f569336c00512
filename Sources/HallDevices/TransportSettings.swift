/// How bytes reach a device.
public enum TransportKind: String, Sendable, Codable, CaseIterable {
    case serial
    case usbBulk = "usb-bulk"
    case evdev
    case cups
}

/// Line settings of a serial port (RS-232, RS-485 through an adapter, USB CDC-ACM).
public struct SerialSettings: Sendable, Equatable, Codable {
    public enum Parity: String, Sendable, Codable, CaseIterable { case none, even, odd }
    public enum FlowControl: String, Sendable, Codable, CaseIterable { case none, rtscts, xonxoff }

    public var baud: Int
    public var dataBits: Int
    public var parity: Parity
    public var stopBits: Int
    public var flowControl: FlowControl
    /// How long a read waits for the first byte.
    public var readTimeoutMilliseconds: Int

    public init(
        baud: Int = 9600, dataBits: Int = 8, parity: Parity = .none, stopBits: Int = 1, flowControl: FlowControl = .none,
        readTimeoutMilliseconds: Int = 500
    ) {
        self.baud = baud
        self.dataBits = dataBits
        self.parity = parity
        self.stopBits = stopBits
        self.flowControl = flowControl
        self.readTimeoutMilliseconds = readTimeoutMilliseconds
    }

    /// Bits on the wire per byte: start, data, parity, stop.
    public var bitsPerByte: Int { 1 + dataBits + (parity == .none ? 0 : 1) + stopBits }

    /// The bauds termios can set.
    public static let standardBauds = [1200, 2400, 4800, 9600, 19200, 38400, 57600, 115_200, 230_400, 460_800, 921_600]
}

/// Everything a profile says about the transport.
public struct TransportSettings: Sendable, Equatable {
    public var kind: TransportKind
    public var serial: SerialSettings?
    /// USB bulk: the interface and the endpoint addresses.
    public var usbInterface: Int?
    public var endpointIn: Int?
    public var endpointOut: Int?
    public var timeoutMilliseconds: Int

    public init(
        kind: TransportKind, serial: SerialSettings? = nil, usbInterface: Int? = nil, endpointIn: Int? = nil, endpointOut: Int? = nil,
        timeoutMilliseconds: Int
    ) {
        self.kind = kind
        self.serial = serial
        self.usbInterface = usbInterface
        self.endpointIn = endpointIn
        self.endpointOut = endpointOut
        self.timeoutMilliseconds = timeoutMilliseconds
    }
}
