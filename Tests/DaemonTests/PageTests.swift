import Foundation
import HallAPIModels
import HallClient
import HallCore
import HallIdentity
import HallProtocols
import HallTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The pages in headless Chromium against the real daemon, with a simulated ID reader and a
/// stand-in printer behind a private cupsd: a whole citizen journey.
@Suite("Pages in a real browser", .serialized)
struct PageTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized.path
    static let shots = URL(fileURLWithPath: root).appendingPathComponent(".build/screenshots")

    static func yaml(reader: String, cups: String) -> String {
        """
        hall:
          name: 测试政务服务中心
          data_directory: {data}
          devices_directory: \(root)/Devices
          layouts_directory: \(root)/Layouts
          cups_server: \(cups)
        api:
          listen: 127.0.0.1:0
          tokens: {admin: \(SmallHall.adminToken), kiosk: \(SmallHall.kioskToken), window: window-token-123, display: \(SmallHall.displayToken)}
          evaluators: {"1": pad-token-window-1}
        services:
          - {id: shebao, name: 社保, name_en: Social Insurance, prefix: A, category: 社会保障, category_en: Social security}
          - {id: budongchan, name: 不动产登记, name_en: Real Estate, prefix: E, requires_id_card: true, category: 不动产, category_en: Property}
        windows:
          - {number: 1, name: 综合窗口, services: [budongchan, shebao]}
          - {number: 2, name: 社保窗口, services: [shebao]}
        kiosks:
          - id: K1
            name: 一号自助机
            devices:
              - {role: reader, profile: id-readers/generic-sam-ch340-serial, path: \(reader)}
              - {role: printer, profile: printers/generic-escpos-80mm, path: K1}
        """
    }

    /// Waits for an expression in a tab to give `expected` (JSON text).
    static func wait(_ browser: HeadlessChromium, _ expression: String, page: String, is expected: String, timeout: Double = 10) throws
        -> Bool
    {
        try eventually(timeout) { (try? browser.evaluate(expression, page: page)) == expected }
    }

    static func click(_ browser: HeadlessChromium, _ selector: String, page: String) throws {
        let clicked = try browser.evaluate(
            "(() => { const node = document.querySelector(\(Self.quoted(selector))); if (!node || node.disabled) return false; node.click(); return true; })()",
            page: page)
        #expect(clicked == "true", "\(selector) on \(page)")
    }

    static func quoted(_ text: String) -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: text, options: .fragmentsAllowed), as: UTF8.self)
    }

    static func text(_ selector: String) -> String { "(document.querySelector(\(quoted(selector))) || {}).textContent" }

    @Test(
        "a citizen's journey: kiosk and ID card, ticket printed, the window calls, the display shows it, finish, a poor rating followed up on the admin view; then the printer runs out of paper"
    )
    func journey() throws {
        let hall = try PrinterHall()
        let (cupsd, reader, daemon) = (hall.cupsd, hall.reader, hall.daemon)
        let base = "http://127.0.0.1:\(daemon.port)"
        try FileManager.default.createDirectory(at: Self.shots, withIntermediateDirectories: true)
        func shot(_ name: String, _ page: String, _ width: Int = 1280, _ height: Int = 900) throws {
            try browser.screenshot(Self.shots.appendingPathComponent("\(name).png").path, width: width, height: height, page: page)
        }
        let browser = try HeadlessChromium(
            url: "\(base)/kiosk/K1?token=\(SmallHall.kioskToken)", script: Self.root + "/Tests/Browser/cdp.py", width: 1280, height: 900)
        defer { browser.stop() }

        // The kiosk: a category, then a service that needs an ID card.
        #expect(try Self.wait(browser, "document.querySelectorAll('#categories button').length", page: "/kiosk/", is: "2"))
        try shot("kiosk-categories", "/kiosk/")
        try Self.click(browser, "[data-category='不动产']", page: "/kiosk/")
        #expect(try Self.wait(browser, "!!document.querySelector('[data-service=budongchan]')", page: "/kiosk/", is: "true"))
        try Self.click(browser, "[data-service=budongchan]", page: "/kiosk/")
        #expect(try Self.wait(browser, "document.querySelector('#card').classList.contains('hidden')", page: "/kiosk/", is: "false"))
        try shot("kiosk-id-card", "/kiosk/")
        reader.place(KioskHall.zhang)
        #expect(try Self.wait(browser, Self.text("#ticket .number"), page: "/kiosk/", is: "\"E001\"", timeout: 15))
        try shot("kiosk-ticket", "/kiosk/")
        #expect(try eventually { cupsd.printed("K1").count == 1 })
        let printed = try PrintedTicket(bytes: try cupsd.printed("K1", job: 0))
        #expect(printed.lines.contains("E001") && printed.lines.contains("不动产登记"))
        reader.lift()

        // The window calls from its console; the display shows it.
        try browser.open("\(base)/display?token=\(SmallHall.displayToken)", page: "/display")
        try browser.open("\(base)/evaluate/1?token=pad-token-window-1", page: "/evaluate/")
        try browser.open("\(base)/window/1?token=window-token-123", page: "/window/")
        #expect(try Self.wait(browser, "document.querySelector('[data-action=call]').disabled", page: "/window/", is: "false"))
        // Bad input from a page gets its message in Chinese: no no-show before the recalls.
        try Self.click(browser, "[data-action=call]", page: "/window/")
        #expect(try Self.wait(browser, Self.text("#number"), page: "/window/", is: "\"E001\""))
        #expect(try Self.wait(browser, Self.text("#newest .number"), page: "/display", is: "\"E001\""))
        // Staff who never touch the mouse: R recalls.
        _ = try browser.evaluate("document.dispatchEvent(new KeyboardEvent('keydown', {key: 'r'}))", page: "/window/")
        #expect(
            try eventually {
                (try JSONSerialization.jsonObject(with: daemon.connection().request("GET", "/api/v1/tickets/E001").body) as? [String: Any])?[
                    "recalls"] as? Int == 1
            })
        try Self.click(browser, "[data-action='no-show']", page: "/window/")
        #expect(try eventually { (try? browser.evaluate(Self.text("#message"), page: "/window/"))?.contains("需重呼 2 次后才能过号") == true })
        try shot("window-console", "/window/")
        try shot("display", "/display", 1920, 1080)
        // Two taps: 办结, then how the visit ended.
        try Self.click(browser, "[data-action=finish]", page: "/window/")
        #expect(try Self.wait(browser, "!!document.querySelector(\"[data-outcome='办结']\")", page: "/window/", is: "true"))
        try Self.click(browser, "[data-outcome='办结']", page: "/window/")

        // The evaluation pad lights up for E001; a poor rating with a reason.
        #expect(try eventually { (try? browser.evaluate(Self.text("#prompt"), page: "/evaluate/"))?.contains("E001") == true })
        try shot("evaluation-pad", "/evaluate/")
        try Self.click(browser, "#levels [data-rating='2']", page: "/evaluate/")
        try Self.click(browser, "#reasons input[value='等候时间长']", page: "/evaluate/")
        try Self.click(browser, "#send-reasons", page: "/evaluate/")
        #expect(try eventually { (try? browser.evaluate(Self.text("#message"), page: "/evaluate/"))?.contains("感谢") == true })
        let ticket =
            try JSONSerialization.jsonObject(with: daemon.connection().request("GET", "/api/v1/tickets/E001").body) as? [String: Any]
        #expect((ticket?["evaluation"] as? [String: Any])?["rating"] as? Int == 2)

        // The admin view: the follow-up and today's figures.
        try browser.open("\(base)/admin?token=\(SmallHall.adminToken)", page: "/admin")
        #expect(try eventually { (try? browser.evaluate(Self.text("[data-followup=E001]"), page: "/admin"))?.contains("不满意") == true })
        #expect(
            try eventually {
                (try? browser.evaluate(Self.text("[data-figures=service-budongchan]"), page: "/admin"))?.contains("不满意 1") == true
            })
        // The admin view's diagnostics: a test page from the kiosk's printer, at a click.
        #expect(try Self.wait(browser, "!!document.querySelector(\"[data-device='K1.printer'] button\")", page: "/admin", is: "true"))
        try Self.click(browser, "[data-device='K1.printer'] button", page: "/admin")
        #expect(
            try eventually(15) {
                (try? browser.evaluate(Self.text("[data-device='K1.printer'] .test-result"), page: "/admin"))?.contains("✔ 打印完成") == true
            })
        #expect(try eventually { cupsd.printed("K1").count == 2 })
        try shot("admin", "/admin", 1600, 1000)

        // The printer runs out of paper: the kiosk says so and what to do.
        try cupsd.setFault("K1", "media-empty-error")
        try Self.click(browser, "#back", page: "/kiosk/")
        try Self.click(browser, "[data-category='社会保障']", page: "/kiosk/")
        try Self.click(browser, "[data-service=shebao]", page: "/kiosk/")
        #expect(try eventually(15) { (try? browser.evaluate(Self.text("#message"), page: "/kiosk/"))?.contains("缺纸") == true })
        // The ticket taken just then is on the screen, valid, with what to do.
        #expect(try eventually { (try? browser.evaluate(Self.text("#ticket-title"), page: "/kiosk/"))?.contains("请记住您的号码") == true })
        #expect(try browser.evaluate(Self.text("#ticket .number"), page: "/kiosk/") == "\"A001\"")
        try shot("kiosk-printer-fault", "/kiosk/")
        try Self.click(browser, "#back", page: "/kiosk/")
        try Self.click(browser, "[data-category='社会保障']", page: "/kiosk/")
        try Self.click(browser, "[data-service=shebao]", page: "/kiosk/")
        #expect(try eventually(15) { (try? browser.evaluate(Self.text("#message"), page: "/kiosk/"))?.contains("本机打印机暂不能出票") == true })
        try shot("kiosk-out-of-paper", "/kiosk/")
        // Nothing on any page reaches outside the daemon.
        for page in ["/kiosk/", "/window/", "/evaluate/", "/admin", "/display"] {
            #expect(
                try browser.evaluate("performance.getEntriesByType('resource').every(e => e.name.startsWith(location.origin))", page: page)
                    == "true", "\(page)")
        }
        for name in [
            "kiosk-categories", "kiosk-id-card", "kiosk-ticket", "window-console", "display", "evaluation-pad", "admin",
            "kiosk-printer-fault", "kiosk-out-of-paper",
        ] {
            print("screenshot: \(Self.shots.appendingPathComponent("\(name).png").path)")
        }
    }

    @Test(
        "the kiosk: text of at least 24 px, large text and English on a tap, a booking checked in by a scanned QR code, and back to the start when left alone"
    )
    func kioskDetails() throws {
        let hall = try KioskHall()
        let browser = try HeadlessChromium(
            url: "http://127.0.0.1:\(hall.daemon.port)/kiosk/K1?token=\(SmallHall.kioskToken)&idle=3",
            script: Self.root + "/Tests/Browser/cdp.py", width: 1280, height: 900)
        defer { browser.stop() }
        let page = "/kiosk/"
        #expect(try Self.wait(browser, "document.querySelector('#services').classList.contains('hidden')", page: page, is: "false"))
        #expect(
            try browser.evaluate("parseFloat(getComputedStyle(document.querySelector('[data-service=shebao]')).fontSize) >= 24", page: page)
                == "true")
        try Self.click(browser, "#large", page: page)
        #expect(
            try browser.evaluate("parseFloat(getComputedStyle(document.querySelector('[data-service=shebao]')).fontSize) >= 34", page: page)
                == "true")
        try Self.click(browser, "#language", page: page)
        #expect(
            try browser.evaluate(
                "document.querySelector('[data-service=shebao] .en').offsetParent !== null && document.querySelector('[data-service=shebao] .zh').offsetParent === null",
                page: page) == "true")
        try shot(browser, "kiosk-large-english", page)
        try Self.click(browser, "#language", page: page)

        let now = Date()
        let bookings =
            #"{"appointments": [{"code": "YY-PAGE", "service": "shebao", "start": "\#((now - 300).formatted(.iso8601))", "end": "\#((now + 1500).formatted(.iso8601))"}]}"#
        #expect(
            try hall.connection.request("POST", "/api/v1/appointments", json: Data(bookings.utf8), token: SmallHall.adminToken).status
                == 200)
        hall.scanner.scan("YY-PAGE")
        #expect(try eventually { (try? browser.evaluate(Self.text("#ticket-title"), page: page))?.contains("预约签到成功") == true })
        #expect(try browser.evaluate(Self.text("#ticket .number"), page: page) == "\"A001\"")
        try shot(browser, "kiosk-checked-in", page)
        // Left alone, it starts again and the ticket is gone from the screen.
        #expect(
            try Self.wait(
                browser,
                "document.querySelector('#ticket').classList.contains('hidden') && !document.querySelector('#services').classList.contains('hidden')",
                page: page, is: "true", timeout: 8))
    }

    @Test(
        "a held ticket comes back when its QR code is scanned at the kiosk: the kiosk says so, and the window calls it before older tickets; a code of another day is refused"
    )
    func holdAndReturn() throws {
        let hall = try KioskHall()
        let browser = try HeadlessChromium(
            url: "http://127.0.0.1:\(hall.daemon.port)/kiosk/K1?token=\(SmallHall.kioskToken)", script: Self.root + "/Tests/Browser/cdp.py",
            width: 1280, height: 900)
        defer { browser.stop() }
        #expect(try Self.wait(browser, "document.querySelector('#services').classList.contains('hidden')", page: "/kiosk/", is: "false"))
        let window = HallClient(host: "127.0.0.1", port: hall.daemon.port, token: SmallHall.windowToken)
        let kiosk = HallClient(host: "127.0.0.1", port: hall.daemon.port, token: SmallHall.kioskToken)
        let a001 = try kiosk.issue(IssueRequest(service: "shebao"))
        let a002 = try kiosk.issue(IssueRequest(service: "shebao"))
        // The window console holds A001 for 30 minutes.
        try browser.open("http://127.0.0.1:\(hall.daemon.port)/window/1?token=\(SmallHall.windowToken)", page: "/window/")
        #expect(try Self.wait(browser, "document.querySelector('[data-action=call]').disabled", page: "/window/", is: "false"))
        try Self.click(browser, "[data-action=call]", page: "/window/")
        #expect(try Self.wait(browser, Self.text("#number"), page: "/window/", is: "\"\(a001.number)\""))
        try Self.click(browser, "[data-action=hold]", page: "/window/")
        #expect(try Self.wait(browser, "!!document.querySelector('[data-hold=\"30\"]')", page: "/window/", is: "true"))
        try Self.click(browser, "[data-hold='30']", page: "/window/")
        #expect(eventually { (try? browser.evaluate(Self.text("#held"), page: "/window/"))?.contains("\(a001.number) 补材料") == true })
        try shot(browser, "window-held", "/window/")
        #expect(try window.ticket(a001.number).state == .held)

        // The ticket's own QR code, as printed on it.
        let secret = try HallSecret.loadOrCreate(path: hall.directory.appendingPathComponent("data/hall.secret").path)
        let day = try window.health().day ?? ""
        let keys = TicketKeys(secret: secret)
        let number = try #require(TicketNumber(a001.number))
        hall.scanner.scan(keys.url(base: "http://127.0.0.1:8080", day: "2000-01-01", number: number))
        #expect(eventually { (try? browser.evaluate(Self.text("#message"), page: "/kiosk/"))?.contains("不是今日的号票") == true })
        hall.scanner.scan(keys.url(base: "http://127.0.0.1:8080", day: day, number: number))
        #expect(eventually { (try? browser.evaluate(Self.text("#message"), page: "/kiosk/"))?.contains("已回到队列") == true })
        try shot(browser, "kiosk-hold-returned", "/kiosk/")
        #expect(try window.ticket(a001.number).state == .waiting)
        #expect(try window.callNext(window: 1)?.called.number == a001.number)
        #expect(try window.callNext(window: 1)?.called.number == a002.number)
        // Staff bring a held ticket back themselves: its button on the console.
        _ = try hall.connection.request(
            "POST", "/api/v1/windows/1/hold", json: Data(#"{"reason":"复印","minutes":15}"#.utf8), token: SmallHall.windowToken)
        #expect(try Self.wait(browser, "!!document.querySelector('[data-return=\(a002.number)]')", page: "/window/", is: "true"))
        try Self.click(browser, "[data-return=\(a002.number)]", page: "/window/")
        #expect(eventually { (try? window.ticket(a002.number).state) == .waiting })
    }

    @Test(
        "an elderly citizen's card (born 1949, the hall's age 65): the kiosk switches to large text, the ticket is green-channel, and the birth date is nowhere on the disk or in the log"
    )
    func elderly() throws {
        let hall = try KioskHall(policy: "elderly_priority_age: 65")
        let browser = try HeadlessChromium(
            url: "http://127.0.0.1:\(hall.daemon.port)/kiosk/K1?token=\(SmallHall.kioskToken)", script: Self.root + "/Tests/Browser/cdp.py",
            width: 1280, height: 900)
        defer { browser.stop() }
        #expect(try Self.wait(browser, "document.querySelector('#services').classList.contains('hidden')", page: "/kiosk/", is: "false"))
        #expect(try browser.evaluate("document.body.classList.contains('large')", page: "/kiosk/") == "false")
        hall.reader.place(KioskHall.zhang)
        #expect(try Self.wait(browser, "document.body.classList.contains('large')", page: "/kiosk/", is: "true"))
        try shot(browser, "kiosk-elderly-large", "/kiosk/")
        let ticket = try hall.connection.request(
            "POST", "/api/v1/tickets", json: Data(#"{"service":"shebao","kiosk":"K1"}"#.utf8), token: SmallHall.kioskToken)
        #expect(
            (try JSONSerialization.jsonObject(with: ticket.body) as? [String: Any])?["priority"] as? String == "green", "\(ticket.text)")
        hall.daemon.signal(SIGTERM)
        #expect(hall.daemon.waitForExit() == 0)
        let written = try hall.writtenBytes()
        for (path, bytes) in written {
            for birth in ["19491231", "1949-12-31", "1949年12月31日"] {
                #expect(bytes.range(of: Data(birth.utf8)) == nil, "\(birth) in \(path)")
            }
        }
        #expect(written.contains { $0.0.contains("journal.sqlite") && $0.1.range(of: Data(#""elderly":true"#.utf8)) != nil })
    }

    @Test(
        "the citizen's phone page follows its ticket live: a banner at 3 ahead, another when called with the window; a wrong key opens nothing"
    )
    func almostYourTurn() throws {
        let hall = try KioskHall()
        let kiosk = HallClient(host: "127.0.0.1", port: hall.daemon.port, token: SmallHall.kioskToken)
        let window = HallClient(host: "127.0.0.1", port: hall.daemon.port, token: SmallHall.windowToken)
        var tickets: [String] = []
        for _ in 1...5 { tickets.append(try kiosk.issue(IssueRequest(service: "shebao")).number) }
        let mine = try #require(TicketNumber(tickets[4]))
        let secret = try HallSecret.loadOrCreate(path: hall.directory.appendingPathComponent("data/hall.secret").path)
        let key = TicketKeys(secret: secret).key(day: try window.health().day ?? "", number: mine)
        #expect(try hall.connection.request("GET", "/api/v1/tickets/\(mine)/follow?k=00000000").status == 401)
        let browser = try HeadlessChromium(
            url: "http://127.0.0.1:\(hall.daemon.port)/ticket/\(mine)?k=\(key)", script: Self.root + "/Tests/Browser/cdp.py", width: 400,
            height: 800)
        defer { browser.stop() }
        let page = "/ticket/"
        #expect(eventually { (try? browser.evaluate(Self.text("#status"), page: page))?.hasPrefix("\"前面还有 4 人") == true })
        #expect(try browser.evaluate("document.querySelector('#banner').classList.contains('hidden')", page: page) == "true")
        _ = try window.callNext(window: 1)
        #expect(eventually { (try? browser.evaluate(Self.text("#banner"), page: page))?.contains("快到您了，前面还有 3 人") == true })
        try shot(browser, "ticket-almost", page)
        for _ in 1...4 { _ = try window.callNext(window: 1) }
        #expect(eventually { (try? browser.evaluate(Self.text("#banner"), page: page))?.contains("到您了！请到 1 号窗口") == true })
        try shot(browser, "ticket-called", page)
    }

    @Test("a service's guide: shown with the ticket on the kiosk, its first three materials printed on the ticket")
    func guide() throws {
        let hall = try PrinterHall { directory in
            let guides = directory.appendingPathComponent("guides")
            try FileManager.default.createDirectory(at: guides, withIntermediateDirectories: true)
            try """
            service: shebao
            materials: [居民身份证原件, 社会保障卡, 户口簿, 近期照片]
            time_limit: 即办
            fees: 不收费
            enquiry_phone: 0839-3212345
            complaint_phone: "12345"
            """.write(to: guides.appendingPathComponent("shebao.yaml"), atomically: true, encoding: .utf8)
            return "  guides_directory: \(guides.path)\n"
        }
        let (cupsd, daemon) = (hall.cupsd, hall.daemon)
        let browser = try HeadlessChromium(
            url: "http://127.0.0.1:\(daemon.port)/kiosk/K1?token=\(SmallHall.kioskToken)", script: Self.root + "/Tests/Browser/cdp.py",
            width: 1280, height: 900)
        defer { browser.stop() }
        #expect(try Self.wait(browser, "document.querySelectorAll('#categories button').length", page: "/kiosk/", is: "2"))
        try Self.click(browser, "[data-category='社会保障']", page: "/kiosk/")
        #expect(try Self.wait(browser, "!!document.querySelector('[data-service=shebao]')", page: "/kiosk/", is: "true"))
        try Self.click(browser, "[data-service=shebao]", page: "/kiosk/")
        #expect(eventually(15) { (try? browser.evaluate(Self.text("#guide"), page: "/kiosk/"))?.contains("社会保障卡") == true })
        #expect(try browser.evaluate(Self.text("#guide"), page: "/kiosk/").contains("承诺时限 即办"))
        try shot(browser, "kiosk-guide", "/kiosk/")
        #expect(try eventually { cupsd.printed("K1").count == 1 })
        let printed = try PrintedTicket(bytes: try cupsd.printed("K1", job: 0))
        let text = printed.lines.joined()
        #expect(text.contains("请备：居民身份证原件、社会保障卡、户口簿") && !text.contains("近期照片"), "\(printed.lines)")
        // The display, with no call yet, shows the guide.
        try browser.open("http://127.0.0.1:\(daemon.port)/display?token=\(SmallHall.displayToken)", page: "/display")
        #expect(eventually { (try? browser.evaluate(Self.text("#guide"), page: "/display"))?.contains("办事指南 · 社保（承诺时限 即办）") == true })
        try browser.screenshot(Self.shots.appendingPathComponent("display-guide.png").path, width: 1920, height: 1080, page: "/display")
    }

    func shot(_ browser: HeadlessChromium, _ name: String, _ page: String) throws {
        try FileManager.default.createDirectory(at: Self.shots, withIntermediateDirectories: true)
        try browser.screenshot(Self.shots.appendingPathComponent("\(name).png").path, width: 1280, height: 900, page: page)
    }
}

/// This suite's hall with kiosk K1's simulated ID reader and a stand-in printer behind a private
/// cupsd; `hallLines` may add lines to the configuration's `hall` section.
final class PrinterHall {
    let directory: URL
    let cupsd: PrivateCupsd
    let reader: IDReaderSimulator
    let daemon: DaemonProcess

    init(hallLines: (URL) throws -> String = { _ in "" }) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("pages-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        cupsd = try PrivateCupsd()
        try cupsd.addQueue("K1")
        reader = try IDReaderSimulator(link: directory.appendingPathComponent("K1-reader").path)
        let yaml = PageTests.yaml(reader: reader.path, cups: cupsd.server)
            .replacingOccurrences(of: "  cups_server:", with: try hallLines(directory) + "  cups_server:")
        daemon = try DaemonProcess(yaml: yaml, directory: directory)
        try daemon.waitForDevices(["K1.reader", "K1.printer"], token: SmallHall.adminToken)
    }

    deinit {
        daemon.signal(SIGTERM)
        daemon.waitForExit()
        reader.stop()
        cupsd.stop()
    }
}
