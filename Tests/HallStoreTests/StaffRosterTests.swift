import Foundation
import HallCore
import HallStore
import Testing

@Suite("The staff roster in the journal's database")
struct StaffRosterTests {
    @Test("members are added once, listed without hashes, disabled, and their wrong PINs lock them; all of it outlives a restart")
    func roster() async throws {
        let path = JournalTests.temporaryPath()
        let staff = try Journal(path: path).staff
        let zhang = StaffMember(id: "1001", name: "张敏", duties: [.window], services: ["shebao"])
        try staff.add(zhang, pinHash: "hash-1")
        #expect(throws: StaffRoster.Failure.exists("1001")) { try staff.add(zhang, pinHash: "hash-2") }
        try staff.add(StaffMember(id: "2001", name: "李主任", duties: [.manager, .auditor]), pinHash: "hash-3")
        #expect(try staff.all() == [zhang, StaffMember(id: "2001", name: "李主任", duties: [.manager, .auditor])])
        let until = Date(timeIntervalSince1970: 1_796_000_000)
        for _ in 1...4 { #expect(try staff.noteWrongPIN("1001", limit: 5, until: until) == nil) }
        #expect(try staff.noteWrongPIN("1001", limit: 5, until: until) == until)
        try staff.setDisabled("2001", true)
        #expect(throws: StaffRoster.Failure.unknown("9999")) { try staff.setDisabled("9999", true) }

        let reopened = try Journal(path: path).staff
        let entry = try #require(try reopened.entry("1001"))
        #expect(entry.lockedUntil == until && entry.pinHash == "hash-1")
        #expect(try reopened.entry("2001")?.member.disabled == true)
        try reopened.setPIN("1001", hash: "hash-4")
        #expect(try reopened.entry("1001")?.lockedUntil == nil)
    }

    @Test("staff events are stored in format 2 and read back")
    func staffEvents() async throws {
        let journal = try Journal(path: JournalTests.temporaryPath())
        let t = Date(timeIntervalSince1970: 1_796_000_000)
        let events: [HallEvent] = [
            .dayOpened(day: "2026-11-30", at: t), .staffSignedIn(staff: "1001", window: 3, at: t + 1),
            .staffSignedOut(staff: "1001", window: 3, reason: "signed in at window 5", at: t + 2),
            .staffLocked(staff: "1002", until: t + 900, at: t + 3),
        ]
        try await journal.append(
            events.enumerated().map { (JournaledEvent(sequence: Int64($0.offset + 1), event: $0.element), "2026-11-30") })
        #expect(try journal.latestDay(now: t).map(\.event) == events)
    }
}
