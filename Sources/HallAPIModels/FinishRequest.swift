import Foundation
import HallCore

/// `POST /api/v1/windows/{w}/finish`: optionally, what the visit handled, each matter with its
/// outcome (`{"service": "shebao", "outcome": "办结"}`; 办结, 受理, 补正告知, 咨询 or 不予受理).
public struct FinishRequest: Codable, Sendable, Equatable {
    public var matters: [Matter]?

    public init(matters: [Matter]? = nil) {
        self.matters = matters
    }
}
