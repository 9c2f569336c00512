/// How a citizen shows their booking at a kiosk.
public enum CheckIn: Sendable, Equatable {
    /// The code from the booking's QR code.
    case code(String)
    /// The ID card the booking was made with.
    case holder(Holder)
}
