import Foundation

/// One privileged request, as `GET /api/v1/audit` lists it: who (a 工号, or the role of the token
/// used, `-` for none), where, what, from which address, and how it ended, refusals included.
public struct AuditEntry: Codable, Sendable, Equatable {
    public var at: Date
    public var actor: String
    public var window: Int?
    /// The method and path, such as `POST /api/v1/windows/3/call`.
    public var action: String
    /// The client's address.
    public var client: String
    public var status: Int
    /// `ok`, or the refusal's code (`other_window`, `bad_sign_in` ...).
    public var outcome: String

    public init(at: Date, actor: String, window: Int? = nil, action: String, client: String, status: Int, outcome: String) {
        self.at = at
        self.actor = actor
        self.window = window
        self.action = action
        self.client = client
        self.status = status
        self.outcome = outcome
    }
}
