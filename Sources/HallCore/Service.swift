import Foundation

/// A service citizens come for (事项): 社保, 户籍, 不动产登记 ...
public struct Service: Sendable, Equatable, Codable {
    /// Stable identifier used in the API and the journal, e.g. `shebao`.
    public var id: String
    public var nameZh: String
    public var nameEn: String
    /// Ticket prefix, e.g. `A`; unique within a hall so that numbers never collide.
    public var prefix: String
    /// Most tickets issued per hall day (限号); nil means no limit.
    public var dailyQuota: Int?
    public var hours: OpeningHours
    public var requiresIDCard: Bool
    /// What one citizen usually takes at a window, used until real service times are known.
    public var expectedMinutes: Double
    /// A ticket waiting longer than this raises an overdue-wait alert (超时预警).
    public var overdueMinutes: Double
    /// Whether one person may hold more than one waiting ticket for it (for a family's errands).
    public var allowsSeveralTickets: Bool
    /// The group a kiosk shows it in (社会保障, 户籍证照 ...), Chinese and English; nil for 其他事项.
    public var category: String?
    public var categoryEn: String?

    public init(
        id: String, nameZh: String, nameEn: String, prefix: String, dailyQuota: Int? = nil,
        hours: OpeningHours = .always, requiresIDCard: Bool = false, expectedMinutes: Double = 10,
        overdueMinutes: Double = 60, allowsSeveralTickets: Bool = false
    ) {
        self.id = id
        self.nameZh = nameZh
        self.nameEn = nameEn
        self.prefix = prefix
        self.dailyQuota = dailyQuota
        self.hours = hours
        self.requiresIDCard = requiresIDCard
        self.expectedMinutes = expectedMinutes
        self.overdueMinutes = overdueMinutes
        self.allowsSeveralTickets = allowsSeveralTickets
    }
}
