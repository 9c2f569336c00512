import Foundation
import HallCore

/// A small hall for the core tests: three services, four windows, China time.
enum Fixtures {
    static let zone = TimeZone(identifier: "Asia/Shanghai")!

    /// 2026-11-30 (a Monday) at the given local time.
    static func monday(_ hour: Int, _ minute: Int = 0) -> Date {
        var components = DateComponents(year: 2026, month: 11, day: 30, hour: hour, minute: minute)
        components.timeZone = zone
        return Calendar(identifier: .gregorian).date(from: components)!
    }

    static func definition(policy: QueuePolicy = QueuePolicy(), quota: Int? = nil, hours: OpeningHours = .always) -> HallDefinition {
        HallDefinition(
            name: "测试大厅",
            services: [
                Service(
                    id: "shebao", nameZh: "社保", nameEn: "Social Insurance", prefix: "A", dailyQuota: quota, hours: hours,
                    expectedMinutes: 10),
                Service(id: "huji", nameZh: "户籍", nameEn: "Household Registration", prefix: "B", expectedMinutes: 5),
                Service(id: "shuiwu", nameZh: "税务", nameEn: "Taxation", prefix: "C", expectedMinutes: 20),
            ],
            windows: [
                Window(number: 1, name: "综合窗口", services: ["shebao", "huji"]),
                Window(number: 2, name: "户籍窗口", services: ["huji"]),
                Window(number: 3, name: "税务窗口", services: ["shuiwu"]),
                Window(number: 4, name: "一窗受理", services: ["shebao", "huji", "shuiwu"]),
            ],
            policy: policy)
    }
}

extension Hall {
    /// Issues a ticket and returns its number, failing the test on refusal.
    mutating func issue(_ service: String, _ priority: PriorityClass = .normal, at now: Date) throws -> TicketNumber {
        let events = try handle(.issue(service: service, priority: priority, channel: .kiosk), at: now).get()
        guard case .ticketIssued(let number, _, _, _, _, _, _, _)? = events.last else { throw HallError.unknownService(service) }
        return number
    }

    /// Calls the next ticket to a window and returns its number, nil when nobody waits.
    mutating func call(_ window: Int, at now: Date) throws -> TicketNumber? {
        for event in try handle(.callNext(window: window), at: now).get() {
            if case .ticketCalled(let number, _, _) = event { return number }
        }
        return nil
    }
}
