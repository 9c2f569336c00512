import Foundation

/// `POST /api/v1/appointments`: how many bookings arrived and how many were new or changed.
public struct AppointmentImport: Codable, Sendable, Equatable {
    public var received: Int
    public var imported: Int
    public var unchanged: Int

    public init(received: Int, imported: Int, unchanged: Int) {
        self.received = received
        self.imported = imported
        self.unchanged = unchanged
    }
}
