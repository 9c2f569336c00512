/// A 工号 and a PIN typed on a window keypad's digit keys (the profile's `sign-in`, `digit-0` …
/// `digit-9`, `enter` and `clear` keys): what the keypad's digits show meanwhile, and the pair
/// once both are entered. The PIN never shows: an underscore stands for each digit typed (a
/// paused window's keypad shows dashes, `P---`).
public struct KeypadEntry: Sendable, Equatable {
    /// What a key leads to.
    public enum Step: Sendable, Equatable {
        /// Still typing: the digits show this.
        case typing(String)
        /// Both entered: sign in with them.
        case entered(staff: String, pin: String)
        /// Cleared with nothing left to clear: the entry is over.
        case cancelled
    }

    private var staff = ""
    private var pin = ""
    private var typingPIN = false
    /// How many characters the keypad's display has.
    public let digits: Int

    public init(digits: Int) { self.digits = max(digits, 2) }

    /// What the digits show now: `ID` and the 工号 typed so far, then `P` and an underscore per
    /// PIN digit.
    public var shown: String {
        if typingPIN { return "P" + String(repeating: "_", count: min(pin.count, digits - 1)) }
        return staff.isEmpty ? "ID" : String(staff.suffix(digits))
    }

    public mutating func press(_ action: String) -> Step {
        switch action {
        case "enter":
            if !typingPIN {
                guard !staff.isEmpty else { return .typing(shown) }
                typingPIN = true
                return .typing(shown)
            }
            guard !pin.isEmpty else { return .typing(shown) }
            return .entered(staff: staff, pin: pin)
        case "clear":
            // Clears what is being typed; a second clear goes back a step, then ends the entry.
            if typingPIN {
                if pin.isEmpty { typingPIN = false } else { pin = "" }
            } else if staff.isEmpty {
                return .cancelled
            } else {
                staff = ""
            }
            return .typing(shown)
        default:
            guard action.hasPrefix("digit-"), let digit = action.last, digit.isNumber, action.count == 7 else { return .typing(shown) }
            if typingPIN {
                if pin.count < 64 { pin.append(digit) }
            } else if staff.count < 16 {
                staff.append(digit)
            }
            return .typing(shown)
        }
    }

    /// The key actions that make up an entry.
    public static let actions: Set<String> = Set(["sign-in", "enter", "clear"] + (0...9).map { "digit-\($0)" })
}
