import Foundation

/// A kiosk and the services it offers (empty: all).
public struct KioskView: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var services: [String]

    public init(id: String, name: String, services: [String]) {
        self.id = id
        self.name = name
        self.services = services
    }
}
