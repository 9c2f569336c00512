import Foundation

/// `POST /api/v1/windows/{w}/sign-in`: a member of staff by 工号, with their PIN.
public struct SignInRequest: Codable, Sendable, Equatable {
    public var staff: String
    public var pin: String

    public init(staff: String, pin: String) {
        self.staff = staff
        self.pin = pin
    }
}
