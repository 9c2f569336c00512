import Foundation

/// The body of `POST /api/v1/appointments`.
public struct AppointmentBatch: Codable, Sendable, Equatable {
    public var appointments: [AppointmentRequest]

    public init(appointments: [AppointmentRequest]) {
        self.appointments = appointments
    }
}
