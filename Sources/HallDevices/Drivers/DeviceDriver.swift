/// A device's behaviour as a value: bytes and time in, bytes to write and reports out. It
/// does no I/O and reads no clock, so its tests run on a manual clock in microseconds, and the
/// daemon's device runner and `hallctl diag` run the very same driver on a real link.
///
/// `now` is seconds on the caller's monotonic clock. The runner calls `start` when the link
/// opens, `received` with every read that brought bytes, and `tick` once `nextTick` has come
/// with nothing received.
public protocol DeviceDriver: Sendable {
    associatedtype Report: Sendable

    mutating func start(now: Double) -> [DriverAction<Report>]
    mutating func received(_ bytes: [UInt8], now: Double) -> [DriverAction<Report>]
    mutating func tick(now: Double) -> [DriverAction<Report>]
    /// When the driver wants `tick` (a reply's deadline, the next poll), if ever.
    var nextTick: Double? { get }
    /// Frames received so far, for the traffic counters.
    var frames: Int { get }
    /// Whether the device may send now. A device that speaks only when asked is not read
    /// between exchanges: what it holds then stays for the next one.
    var listening: Bool { get }
}

/// What a driver asks its runner to do, in order.
public enum DriverAction<Report: Sendable>: Sendable {
    case write([UInt8])
    case report(Report)
}

extension DeviceDriver {
    public var frames: Int { 0 }
    public var listening: Bool { true }
}

extension DriverAction: Equatable where Report: Equatable {}

extension Array {
    /// The reports among a driver's actions, in order.
    public func reports<Report>() -> [Report] where Element == DriverAction<Report> {
        compactMap { if case .report(let report) = $0 { report } else { nil } }
    }
}
