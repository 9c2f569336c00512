/// A person who serves or manages the hall (工作人员), by 工号.
public struct StaffMember: Sendable, Equatable, Codable {
    /// What a person may do.
    public enum Duty: String, Sendable, Codable, CaseIterable {
        /// Serves at a window (窗口人员).
        case window
        /// Runs the hall: its figures, complaints, staff (管理人员).
        case manager
        /// Keeps the devices working (运维).
        case technician
        /// Reads everything and changes nothing (监督).
        case auditor
    }

    /// 工号, such as `1001`.
    public var id: String
    public var name: String
    public var duties: [Duty]
    /// The services the person may serve; empty for all.
    public var services: [String]
    public var disabled: Bool

    public init(id: String, name: String, duties: [Duty], services: [String] = [], disabled: Bool = false) {
        self.id = id
        self.name = name
        self.duties = duties
        self.services = services
        self.disabled = disabled
    }

    /// A 工号 is 1 to 16 letters or digits: it goes into paths, logs and events.
    public static func isValidID(_ id: String) -> Bool {
        (1...16).contains(id.count) && id.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
    }
}
