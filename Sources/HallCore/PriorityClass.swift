/// Who is called first: the green channel (绿色通道) for the elderly, disabled and pregnant,
/// then booked appointments (预约), then everyone else.
public enum PriorityClass: String, Sendable, Codable, CaseIterable, Comparable {
    case green
    case appointment
    case normal

    var rank: Int {
        switch self {
        case .green: 0
        case .appointment: 1
        case .normal: 2
        }
    }

    public static func < (lhs: PriorityClass, rhs: PriorityClass) -> Bool { lhs.rank < rhs.rank }
}

/// Where a ticket was taken.
public enum IssueChannel: String, Sendable, Codable, CaseIterable {
    case kiosk
    case staff
    case appointment
}
