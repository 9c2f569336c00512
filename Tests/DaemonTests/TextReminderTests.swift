import Foundation
import GRDB
import HallClient
import HallTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("Text reminders through a stand-in SMS gateway", .serialized)
struct TextReminderTests {
    static func phone(_ ticket: Int) -> String { "1380013800\(ticket)" }

    @Test(
        "one 'almost' and one 'called' per ticket; a gateway down 2 minutes across a kill -9 delays them and loses or repeats none; a hold runs out into a no-show; the numbers are nowhere in the clear and go as tickets end",
        .timeLimit(.minutes(5)))
    func outage() async throws {
        let gateway = try await StandInGateway()
        defer { gateway.stop() }
        let daemon = try DaemonProcess(yaml: DaemonFixture.yaml + "\n" + gateway.configuration(retryMaxSeconds: 5))
        defer { daemon.signal(SIGKILL) }
        // The daemon listens on a port of the system's choosing, another after the restart.
        var connection = daemon.connection()
        func post(_ path: String, _ body: String, token: String = DaemonFixture.adminToken) throws -> HTTPConnection.Response {
            try connection.request("POST", path, json: Data(body.utf8), token: token)
        }

        // A malformed number is refused, and the refusal does not repeat it.
        let bad = try post("/api/v1/tickets", #"{"service": "shebao", "phone": "1380013800"}"#, token: DaemonFixture.kioskToken)
        #expect(bad.status == 400 && bad.json()?["error"] as? String == "bad_phone")
        #expect(!String(decoding: bad.body, as: UTF8.self).contains("1380013800"))
        for ticket in 1...6 {
            let issued = try post(
                "/api/v1/tickets", #"{"service": "shebao", "phone": "\#(Self.phone(ticket))"}"#, token: DaemonFixture.kioskToken)
            #expect(issued.json()?["number"] as? String == "A00\(ticket)")
        }
        // A001 to A004 have 3 or fewer ahead at once.
        try await eventually("the first four 'almost' messages") { gateway.accepted.count == 4 }

        gateway.setDown(true)
        let outageStarted = ContinuousClock.now
        #expect(try post("/api/v1/windows/1/call", "{}").status == 200)  // A001 called; A005 now 3 ahead
        #expect(try post("/api/v1/windows/1/hold", #"{"reason": "补材料", "minutes": 1}"#).status == 200)
        #expect(try post("/api/v1/windows/1/call", "{}").status == 200)  // A002 called; A006 3 ahead
        try await eventually("the gateway refusing tries") { gateway.refused >= 3 }
        #expect(!daemon.log.contains("13800138"), "a phone number in the daemon's log")

        daemon.signal(SIGKILL)
        _ = daemon.waitForExit()
        try daemon.start()
        connection = daemon.connection()
        #expect(try post("/api/v1/windows/1/finish", "{}").status == 200)  // A002 ends
        #expect(try post("/api/v1/windows/1/call", "{}").status == 200)  // A003 called

        // The hold of one minute runs out, and the sweeper makes A001 a no-show, while the gateway is still down.
        try await eventually("A001's hold running out", seconds: 120) {
            (try? connection.request("GET", "/api/v1/tickets/A001").json()?["state"] as? String) == "noShow"
        }
        let metrics = String(decoding: try connection.request("GET", "/metrics").body, as: UTF8.self)
        #expect(metrics.contains(#"hall_outbox_pending{channel="sms"} 5"#), "\(metrics)")
        try await Task.sleep(until: outageStarted + .seconds(120))
        #expect(gateway.accepted.count == 4, "delivered while the gateway was down")
        gateway.setDown(false)

        let expected = Set((1...6).map { "A00\($0):ahead" } + (1...3).map { "A00\($0):called" })
        try await eventually("every reminder after the outage", seconds: 30) { gateway.accepted.count >= expected.count }
        // Longer than the longest wait between tries: nothing more comes.
        try await Task.sleep(for: .seconds(7))
        let accepted = gateway.accepted
        #expect(accepted.count == expected.count)
        #expect(Set(accepted.map { "\($0.number):\($0.kind)" }) == expected)
        #expect(Set(accepted.map(\.id)).count == accepted.count)
        for message in accepted {
            #expect(message.phone == Self.phone(Int(message.number.suffix(1))!), "\(message.number) went to another phone")
        }
        let called = try #require(accepted.first { $0.number == "A003" && $0.kind == "called" })
        #expect(called.content == "【测试大厅】请 A003 号到 1 号窗口办理 / A003, please go to window 1")
        #expect(accepted.first { $0.number == "A005" }?.content.contains("前面还有 3 人") == true)

        // At rest: sealed numbers only for the tickets still alive (A003 to A006), and none in
        // the outbox once delivered; no digits in the clear in any file of the data folder or the log.
        let database = try DatabaseQueue(path: daemon.journalPath)
        let kept = try await database.read { try String.fetchAll($0, sql: "SELECT number FROM ticket_phones ORDER BY number") }
        #expect(kept == ["A003", "A004", "A005", "A006"])
        #expect(try await database.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM outbox WHERE sealed IS NOT NULL") } == 0)
        let data = daemon.directory.appendingPathComponent("data")
        for file in try FileManager.default.contentsOfDirectory(atPath: data.path) {
            let bytes = try Data(contentsOf: data.appendingPathComponent(file))
            #expect(bytes.range(of: Data("13800138".utf8)) == nil, "a phone number in the clear in \(file)")
        }
        #expect(!daemon.log.contains("13800138"), "a phone number in the daemon's log")
    }

    private func eventually(_ what: String, seconds: Double = 15, _ condition: () throws -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            if try condition() { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("\(what): not within \(seconds) s")
    }
}

extension TextReminderTests {
    @Test("the kiosk offers reminders on a number pad, masks the number as it is typed, and the gateway gets it")
    func kioskPad() async throws {
        let gateway = try await StandInGateway()
        defer { gateway.stop() }
        let daemon = try DaemonProcess(yaml: DaemonFixture.yaml + "\n" + gateway.configuration(retryMaxSeconds: 5))
        defer {
            daemon.signal(SIGTERM)
            daemon.waitForExit()
        }
        let browser = try HeadlessChromium(
            url: "http://127.0.0.1:\(daemon.port)/kiosk/K1?token=\(SmallHall.kioskToken)", script: PageTests.root + "/Tests/Browser/cdp.py",
            width: 1280, height: 900)
        defer { browser.stop() }
        let page = "/kiosk/"
        #expect(try PageTests.wait(browser, "!!document.querySelector('[data-service=shebao]')", page: page, is: "true"))
        try PageTests.click(browser, "[data-service=shebao]", page: page)
        #expect(try PageTests.wait(browser, "!document.querySelector('#phone').classList.contains('hidden')", page: page, is: "true"))
        #expect(try browser.evaluate("document.querySelector('#phone-take').disabled", page: page) == "true")
        for key in "13800138009" { try PageTests.click(browser, "#phone [data-key='\(key)']", page: page) }
        #expect(try browser.evaluate(PageTests.text("#phone .digits"), page: page) == #""138****8009""#)
        try browser.screenshot(PageTests.shots.appendingPathComponent("kiosk-phone.png").path, width: 1280, height: 900, page: page)
        try PageTests.click(browser, "#phone-take", page: page)
        #expect(try PageTests.wait(browser, "document.querySelector('#ticket .number').textContent", page: page, is: #""A001""#))
        try await eventually("the 'almost' message") { gateway.accepted.count == 1 }
        #expect(gateway.accepted.first?.phone == "13800138009" && gateway.accepted.first?.number == "A001")
        #expect(!(try browser.evaluate("document.body.innerText", page: page)).contains("13800138009"))
    }
}
