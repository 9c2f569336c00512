import Foundation

/// One booking as the platform sends it, to `POST /api/v1/appointments` or in the CSV
/// `hallctl appointments import` reads. Times are ISO 8601 with an offset, or `2026-11-30 09:00`
/// in the hall's time zone. The ID number arrives masked, with its HMAC under the hall's secret.
public struct AppointmentRequest: Codable, Sendable, Equatable {
    public var code: String
    public var service: String
    public var start: String
    public var end: String
    public var maskedName: String?
    public var maskedId: String?
    public var idHash: String?

    public init(
        code: String, service: String, start: String, end: String, maskedName: String? = nil, maskedId: String? = nil, idHash: String? = nil
    ) {
        self.code = code
        self.service = service
        self.start = start
        self.end = end
        self.maskedName = maskedName
        self.maskedId = maskedId
        self.idHash = idHash
    }
}
