import HallProtocols

/// What a device's runner tells the daemon: link events for the registry, and what citizens
/// did at a kiosk. Carries a card's full text in memory only; the daemon masks it at once.
public enum DeviceReport: Sendable {
    /// The device is open and answering, at `path`.
    case opened(role: String, path: String)
    case closed(role: String, path: String, reason: String)
    case traffic(role: String, bytesIn: Int, bytesOut: Int, frames: Int)
    case error(role: String, String)
    /// The device cannot work until someone acts (a SAM module failing its self-test).
    case fault(role: String, String)
    case recovered(role: String)
    case card(kiosk: String, read: IDCardRead)
    case cardProblem(kiosk: String, String)
    case cardRemoved(kiosk: String)
    /// What a kiosk's printer on a link of its own said.
    case printer(role: String, kiosk: String, EscPosPrinterDriver.Report)
    /// A code scanned; `at` is when its last byte or key arrived.
    case scan(kiosk: String, code: String, at: ContinuousClock.Instant)
}
