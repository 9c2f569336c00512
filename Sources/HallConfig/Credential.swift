/// What a configured bearer token is for: a role (`api.tokens`), one window's evaluation pad
/// (`api.evaluators`), or one kiosk (`kiosks[].token`).
public enum Credential: Sendable, Hashable {
    case role(Role)
    case pad(window: Int)
    case kiosk(id: String)

    /// The role the token acts in.
    public var role: Role {
        switch self {
        case .role(let role): role
        case .pad: .evaluator
        case .kiosk: .kiosk
        }
    }

    /// Where in `hall.yaml` the token is configured.
    public var configurationKey: String {
        switch self {
        case .role(let role): "api.tokens.\(role.rawValue)"
        case .pad(let window): "api.evaluators.\(window)"
        case .kiosk(let id): "kiosks.\(id).token"
        }
    }

    /// Roles in their order, then pads by window, then kiosks by id.
    var order: (Int, Int, String) {
        switch self {
        case .role(let role): (0, Role.allCases.firstIndex(of: role) ?? 0, "")
        case .pad(let window): (1, window, "")
        case .kiosk(let id): (2, 0, id)
        }
    }
}
