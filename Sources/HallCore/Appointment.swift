import Foundation

/// A visit booked on the online platform (预约): the citizen checks in at a kiosk by scanning
/// its code, or by tapping the ID card it was booked with, and gets an appointment-priority ticket.
public struct Appointment: Sendable, Equatable, Codable {
    /// The code in the booking's QR code.
    public var code: String
    public var service: String
    public var start: Date
    public var end: Date
    /// The booked person, masked, with the keyed hash of their ID number; nil when the
    /// platform booked without an ID.
    public var holder: Holder?

    public init(code: String, service: String, start: Date, end: Date, holder: Holder? = nil) {
        self.code = code
        self.service = service
        self.start = start
        self.end = end
        self.holder = holder
    }
}
