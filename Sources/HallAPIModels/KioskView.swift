import Foundation

/// A kiosk and the services it offers (empty: all).
public struct KioskView: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var services: [String]
    /// Whether the hall sends text reminders: the kiosk then offers to take a phone number.
    public var textReminders: Bool

    public init(id: String, name: String, services: [String], textReminders: Bool = false) {
        self.id = id
        self.textReminders = textReminders
        self.name = name
        self.services = services
    }
}
