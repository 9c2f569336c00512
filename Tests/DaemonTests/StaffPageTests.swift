import Foundation
import HallAPIModels
import HallClient
import HallCore
import HallStore
import HallTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Staff at their windows through the real daemon and the window console in headless Chromium:
/// sign-in screens, sessions kept to their window, the pad's token, locks, and the audit trail.
@Suite("Staff at the window console in a real browser", .serialized)
struct StaffPageTests {
    static let yaml = SmallHall.yaml
        .replacingOccurrences(of: "\"1\": pad-token-window-1", with: "\"5\": pad-token-window-5")
        .replacingOccurrences(
            of: """
                  - {number: 1, name: 综合窗口, services: [shebao, huji]}
                  - {number: 2, services: [huji]}
                """,
            with: """
                  - {number: 3, name: 社保窗口, services: [shebao]}
                  - {number: 5, name: 综合窗口, services: [shebao, huji]}
                  - {number: 7, services: [huji]}
                """)

    /// Types a 工号 and PIN into a window console's sign-in screen and sends them.
    static func signIn(_ browser: HeadlessChromium, page: String, staff: String, pin: String) throws {
        let typed = try browser.evaluate(
            """
            (() => { if (document.querySelector('#sign-in').classList.contains('hidden')) return false;
              document.querySelector('#staff-id').value = \(PageTests.quoted(staff));
              document.querySelector('#pin').value = \(PageTests.quoted(pin));
              document.querySelector('#sign-in').requestSubmit(); return true; })()
            """, page: page)
        #expect(typed == "true", "the sign-in screen of \(page)")
    }

    static func showsSignIn(_ browser: HeadlessChromium, page: String) throws -> Bool {
        try PageTests.wait(
            browser,
            "!document.querySelector('#sign-in').classList.contains('hidden') && document.querySelector('#console').classList.contains('hidden')",
            page: page, is: "true")
    }

    /// 1001 signs in on a console's screen, a citizen takes a ticket, and the console calls it.
    static func signInAndCall(_ browser: HeadlessChromium, page: String, kiosk: HallClient) throws -> TicketView {
        try signIn(browser, page: page, staff: "1001", pin: "246810")
        #expect(try PageTests.wait(browser, PageTests.text("#staff"), page: page, is: "\"张敏（1001）\""))
        let ticket = try kiosk.issue(IssueRequest(service: "shebao"))
        #expect(try PageTests.wait(browser, "document.querySelector('[data-action=call]').disabled", page: page, is: "false"))
        try PageTests.click(browser, "[data-action=call]", page: page)
        #expect(try PageTests.wait(browser, PageTests.text("#number"), page: page, is: "\"\(ticket.number)\""))
        return ticket
    }

    static func message(_ browser: HeadlessChromium, page: String, contains text: String) -> Bool {
        eventually { (try? browser.evaluate(PageTests.text("#message"), page: page))?.contains(text) == true }
    }

    @Test(
        "1001 signs in on window 3's console, serves, signs out, signs in at window 5 and is rated on its pad; window 3's session is refused at window 7; the kiosk cannot take a green ticket; five wrong PINs lock; the audit lists it all"
    )
    func staffAtTheirWindows() throws {
        let daemon = try DaemonProcess(yaml: Self.yaml)
        defer {
            daemon.signal(SIGTERM)
            daemon.waitForExit()
        }
        let base = "http://127.0.0.1:\(daemon.port)"
        let admin = HallClient(host: "127.0.0.1", port: daemon.port, token: SmallHall.adminToken)
        let kiosk = HallClient(host: "127.0.0.1", port: daemon.port, token: SmallHall.kioskToken)
        _ = try admin.addStaff(NewStaffRequest(id: "1001", name: "张敏", duties: [.window], pin: "246810"))

        let browser = try HeadlessChromium(
            url: "\(base)/window/3", script: PageTests.root + "/Tests/Browser/cdp.py", width: 1280, height: 900)
        defer { browser.stop() }
        let three = "/window/3"
        #expect(try Self.showsSignIn(browser, page: three))
        // A wrong PIN is refused on the screen, and the screen stays.
        try Self.signIn(browser, page: three, staff: "1001", pin: "111111")
        #expect(Self.message(browser, page: three, contains: "工号或密码错误"))
        // 1001 serves A001 at window 3 from the console.
        let a001 = try Self.signInAndCall(browser, page: three, kiosk: kiosk)
        // A pause with its reason, from the hall's list.
        try PageTests.click(browser, "[data-action=pause]", page: three)
        #expect(try PageTests.wait(browser, "!!document.querySelector('[data-pause=就餐]')", page: three, is: "true"))
        try PageTests.click(browser, "[data-pause=就餐]", page: three)
        #expect(try PageTests.wait(browser, PageTests.text("#paused-banner"), page: three, is: "\"暂停服务中 / Paused：就餐\""))
        try PageTests().shot(browser, "window-paused", three)
        #expect(try admin.windows().first { $0.number == 3 }?.pauseReason == "就餐")
        try PageTests.click(browser, "[data-action=resume]", page: three)
        #expect(try PageTests.wait(browser, "document.querySelector('[data-action=finish]').disabled", page: three, is: "false"))
        try PageTests.click(browser, "[data-action=finish]", page: three)
        // F again: 办结, the ticket's own service.
        _ = try browser.evaluate("document.dispatchEvent(new KeyboardEvent('keydown', {key: 'f'}))", page: three)
        #expect(try PageTests.wait(browser, PageTests.text("#number"), page: three, is: "\"—\""))

        // The console's session acts at window 3 only.
        let kept = try browser.evaluate("sessionStorage.getItem('hall-session-3')", page: three)
        #expect(kept.count > 40, "\(kept)")
        let atThree = HallClient(host: "127.0.0.1", port: daemon.port, token: String(kept.dropFirst().dropLast()))
        #expect {
            try atThree.act(.pause, window: 7)
        } throws: {
            guard case .refused(403, let failure) = $0 as? HallClient.Failure else { return false }
            return failure.error == "other_window"
        }
        try PageTests.click(browser, "#sign-out", page: three)
        #expect(try Self.showsSignIn(browser, page: three))
        #expect(throws: HallClient.Failure.self) { try atThree.windows() }
        #expect(try admin.windows().first { $0.number == 3 }?.signedIn == nil)

        // Window 5: the console and the citizen's pad, with the pad's own token.
        try browser.open("\(base)/evaluate/5?token=pad-token-window-5", page: "/evaluate/")
        try browser.open("\(base)/window/5", page: "/window/5")
        let five = "/window/5"
        #expect(try Self.showsSignIn(browser, page: five))
        let a002 = try Self.signInAndCall(browser, page: five, kiosk: kiosk)
        // Finished in two taps, with a second matter ticked: two matters, each 受理.
        try PageTests.click(browser, "[data-action=finish]", page: five)
        #expect(try PageTests.wait(browser, "!!document.querySelector('[data-matter=huji]')", page: five, is: "true"))
        try PageTests.click(browser, "[data-matter=huji]", page: five)
        try PageTests().shot(browser, "window-finish-matters", five)
        try PageTests.click(browser, "[data-outcome='受理']", page: five)
        #expect(eventually { (try? browser.evaluate(PageTests.text("#prompt"), page: "/evaluate/"))?.contains(a002.number) == true })
        try PageTests.click(browser, "#levels [data-rating='5']", page: "/evaluate/")
        #expect(eventually { (try? browser.evaluate(PageTests.text("#message"), page: "/evaluate/"))?.contains("感谢") == true })
        #expect(try admin.ticket(a002.number).evaluation?.rating == 5)
        #expect(
            try admin.ticket(a002.number).matters == [
                Matter(service: "shebao", outcome: .accepted), Matter(service: "huji", outcome: .accepted),
            ])
        #expect(try admin.ticket(a001.number).matters == [Matter(service: "shebao", outcome: .completed)])
        // A citizen at the counter, then 指呼 of a chosen number out of turn.
        try PageTests.click(browser, "[data-action=walk-in]", page: five)
        #expect(try PageTests.wait(browser, "!!document.querySelector('[data-walk-in=huji]')", page: five, is: "true"))
        try PageTests.click(browser, "[data-walk-in=huji]", page: five)
        #expect(try PageTests.wait(browser, PageTests.text("#number"), page: five, is: "\"B001\""))
        #expect(try admin.ticket("B001").state == .serving && admin.ticket("B001").channel == .staff)
        let (a003, a004) = (try kiosk.issue(IssueRequest(service: "shebao")), try kiosk.issue(IssueRequest(service: "shebao")))
        _ = try browser.evaluate("document.querySelector('#call-number').value = '\(a004.number.lowercased())'", page: five)
        try PageTests.click(browser, "[data-chosen]", page: five)
        #expect(try PageTests.wait(browser, PageTests.text("#number"), page: five, is: "\"\(a004.number)\""))
        #expect(try admin.ticket(a003.number).state == .waiting)
        // The pad rates only the ticket its window just finished: not window 3's.
        let pad = HallClient(host: "127.0.0.1", port: daemon.port, token: "pad-token-window-5")
        #expect(throws: HallClient.Failure.self) { try pad.rate(ticket: a001.number, RatingRequest(rating: 5)) }
        #expect(try admin.ticket(a001.number).evaluation == nil)

        // The kiosk's token asks for a green ticket: refused, not issued as normal.
        #expect {
            try kiosk.issue(IssueRequest(service: "shebao", priority: .green))
        } throws: {
            guard case .refused(403, let failure) = $0 as? HallClient.Failure else { return false }
            return failure.error == "kiosk_cannot_choose"
        }

        // Five wrong PINs at window 7's console lock 1001: the right PIN is refused after them.
        try browser.open("\(base)/window/7", page: "/window/7")
        #expect(try Self.showsSignIn(browser, page: "/window/7"))
        for attempt in 1...5 {
            _ = try browser.evaluate("document.querySelector('#message').textContent = ''", page: "/window/7")
            try Self.signIn(browser, page: "/window/7", staff: "1001", pin: "00000\(attempt)")
            #expect(Self.message(browser, page: "/window/7", contains: "工号或密码错误"), "attempt \(attempt)")
        }
        try Self.signIn(browser, page: "/window/7", staff: "1001", pin: "246810")
        #expect(Self.message(browser, page: "/window/7", contains: "已锁定"))
        try PageTests().shot(browser, "window-sign-in-locked", "/window/7")

        // The audit lists all of it.
        let trail = try admin.audit()
        func listed(_ action: String, _ outcome: String, by actor: String) -> Bool {
            trail.contains { $0.action == action && $0.outcome == outcome && $0.actor == actor }
        }
        #expect(listed("POST /api/v1/windows/3/sign-in", "ok", by: "1001"))
        #expect(listed("POST /api/v1/windows/3/sign-in", "bad_sign_in", by: "1001"))
        #expect(listed("POST /api/v1/windows/3/call", "ok", by: "1001"))
        #expect(listed("POST /api/v1/windows/3/pause", "ok", by: "1001"))
        #expect(listed("POST /api/v1/windows/3/finish", "ok", by: "1001"))
        #expect(listed("POST /api/v1/windows/3/sign-out", "ok", by: "1001"))
        #expect(listed("POST /api/v1/windows/7/pause", "other_window", by: "1001"))
        #expect(listed("POST /api/v1/windows/5/sign-in", "ok", by: "1001"))
        #expect(listed("POST /api/v1/windows/5/finish", "ok", by: "1001"))
        #expect(listed("POST /api/v1/tickets/\(a001.number)/evaluation", "not_this_pad", by: "evaluator"))
        #expect(listed("POST /api/v1/tickets", "kiosk_cannot_choose", by: "kiosk"))
        #expect(trail.filter { $0.action == "POST /api/v1/windows/7/sign-in" && $0.outcome == "bad_sign_in" }.count == 5)
        #expect(listed("POST /api/v1/windows/7/sign-in", "staff_locked", by: "1001"))

        // Both tickets' window events, and A002's rating, are journaled as 1001's; so is the lock.
        daemon.signal(SIGTERM)
        #expect(daemon.waitForExit() == 0)
        let journaled = try Journal(path: daemon.journalPath).latestDay()
        for number in [a001.number, a002.number] {
            let mine = journaled.filter { $0.event.number?.description == number && $0.event.name != "ticket.issued" }
            #expect(mine.count >= 2 && mine.allSatisfy { $0.staff == "1001" }, "\(mine.map { "\($0.event.name) \($0.staff ?? "-")" })")
        }
        #expect(
            journaled.contains { $0.event.name == "ticket.evaluated" && $0.event.number?.description == a002.number && $0.staff == "1001" })
        #expect(journaled.contains { $0.event.name == "staff.locked" })
        #expect(!daemon.log.contains("246810"))
    }
}
