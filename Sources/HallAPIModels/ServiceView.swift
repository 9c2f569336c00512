import Foundation
import HallCore

/// A service with its queue.
public struct ServiceView: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var nameEn: String
    public var prefix: String
    public var hours: String
    public var openNow: Bool
    public var requiresIdCard: Bool
    public var dailyQuota: Int?
    public var issuedToday: Int
    public var waiting: Int
    public var estimatedWaitMinutes: Int
    public var windows: [Int]
    public var category: String
    public var categoryEn: String
    /// Its guide (办事指南), when the hall has one for it.
    public var guide: ServiceGuide?

    public init(
        id: String, name: String, nameEn: String, prefix: String, hours: String, openNow: Bool, requiresIdCard: Bool,
        dailyQuota: Int? = nil, issuedToday: Int, waiting: Int, estimatedWaitMinutes: Int, windows: [Int], category: String,
        categoryEn: String, guide: ServiceGuide? = nil
    ) {
        self.guide = guide
        self.id = id
        self.name = name
        self.nameEn = nameEn
        self.prefix = prefix
        self.hours = hours
        self.openNow = openNow
        self.requiresIdCard = requiresIdCard
        self.dailyQuota = dailyQuota
        self.issuedToday = issuedToday
        self.waiting = waiting
        self.estimatedWaitMinutes = estimatedWaitMinutes
        self.windows = windows
        self.category = category
        self.categoryEn = categoryEn
    }
}
