import Foundation
import HallCore

/// `POST /api/v1/staff`: a new member of staff.
public struct NewStaffRequest: Codable, Sendable, Equatable {
    /// 工号.
    public var id: String
    public var name: String
    public var duties: [StaffMember.Duty]
    /// The services they may serve; all when absent.
    public var services: [String]?
    public var pin: String

    public init(id: String, name: String, duties: [StaffMember.Duty], services: [String]? = nil, pin: String) {
        self.id = id
        self.name = name
        self.duties = duties
        self.services = services
        self.pin = pin
    }
}
