import HallCore
import HallIdentity
import HallProtocols

/// What a device's runner tells the daemon: link events for the registry, and what citizens
/// did at a kiosk. A card arrives as the hall may keep it, masked and keyed by the thread that
/// read it: no report carries a card's full text.
public enum DeviceReport: Sendable {
    /// The device is open and answering, at `path`.
    case opened(role: String, path: String)
    case closed(role: String, path: String, reason: String)
    case traffic(role: String, bytesIn: Int, bytesOut: Int, frames: Int)
    case error(role: String, String)
    /// The device cannot work until someone acts (a SAM module failing its self-test).
    case fault(role: String, String)
    case recovered(role: String)
    /// A card read: its holder, or why the card is refused (an impossible number, expired).
    case card(kiosk: String, holder: Result<Holder, HolderKeyer.Refusal>)
    case cardProblem(kiosk: String, String)
    case cardRemoved(kiosk: String)
    /// What a kiosk's printer on a link of its own said.
    case printer(role: String, kiosk: String, EscPosPrinterDriver.Report)
    /// A code scanned; `at` is when its last byte or key arrived.
    case scan(kiosk: String, code: String, at: ContinuousClock.Instant)
}
