import Foundation
import HallConfig
import Testing

@Suite("The hall configuration file")
struct ConfigurationTests {
    static let valid = """
        hall:
          name: 测试大厅
        api:
          tokens: {admin: admin-token-123}
        services:
          - id: shebao
            name: 社保
            prefix: A
        windows:
          - number: 1
            services: [shebao]
        """

    func error(_ yaml: String) -> String {
        do {
            _ = try HallConfiguration.parse(yaml, file: "hall.yaml")
            return "no error"
        } catch {
            return error.description
        }
    }

    @Test("a valid file loads with its defaults")
    func valid() throws {
        let configuration = try HallConfiguration.parse(Self.valid, file: "hall.yaml")
        #expect(configuration.listenPort == 8080)
        #expect(configuration.definition.policy.timeZone.identifier == "Asia/Shanghai")
        #expect(configuration.definition.windows[0].name == "1号窗口")
        #expect(configuration.secretFile == "/var/lib/hallqd/hall.secret")
        #expect(configuration.definition.policy.checkInEarly == 30 * 60)
        #expect(configuration.definition.policy.kioskSession == 120)
        #expect(configuration.definition.services[0].allowsSeveralTickets == false)
    }

    @Test("ticket layouts are loaded and checked at start: a line that cannot fit names its file and line")
    func ticketLayouts() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("layouts-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("tickets"), withIntermediateDirectories: true)
        let real = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Layouts/tickets")
        for name in ["default-58.yaml", "default-80.yaml"] {
            try FileManager.default.copyItem(at: real.appendingPathComponent(name), to: directory.appendingPathComponent("tickets/\(name)"))
        }
        let yaml = Valid.replace("  name: 测试大厅", "  name: 测试大厅\n  layouts_directory: \(directory.path)")
        let configuration = try HallConfiguration.parse(yaml, file: "hall.yaml")
        #expect(configuration.ticketLayouts?.layout(service: "shebao", paperMM: 80)?.name == "default")
        // A service's own layout, whose fixed line is too wide for 58 mm paper at size 2.
        try "blocks:\n  - {text: \"{number}\"}\n  - {text: \"请到 {window_hint}\", size: 2, overflow: none}\n"
            .write(to: directory.appendingPathComponent("tickets/big.yaml"), atomically: true, encoding: .utf8)
        let message = error(yaml.replacingOccurrences(of: "    prefix: A", with: "    prefix: A\n    ticket_layout: big"))
        #expect(
            message.hasSuffix(
                "tickets/big.yaml:3:5: this line can be 44 columns wide at size 2, but the paper has 32; use overflow: wrap or truncate"),
            "\(message)")
        #expect(
            error(Valid.replace("    prefix: A", "    prefix: A\n    ticket_layout: big")).contains("hall.layouts_directory is not set"))
    }

    @Test("check-in windows, kiosk sessions and several tickets per person are configurable")
    func kioskSettings() throws {
        let yaml =
            Valid.replace("    prefix: A", "    prefix: A\n    several_tickets_per_person: true")
            + "\npolicy: {check_in_early_minutes: 20, check_in_late_minutes: 5, kiosk_session_seconds: 60}\n"
        let configuration = try HallConfiguration.parse(yaml, file: "hall.yaml")
        #expect(configuration.definition.policy.checkInEarly == 20 * 60)
        #expect(configuration.definition.policy.checkInLate == 5 * 60)
        #expect(configuration.definition.policy.kioskSession == 60)
        #expect(configuration.definition.services[0].allowsSeveralTickets)
        #expect(
            error(yaml.replacingOccurrences(of: "kiosk_session_seconds: 60", with: "kiosk_session_seconds: 5")).contains(
                "kiosk_session_seconds"))
    }

    @Test("the demo hall is realistic: 12+ services, 16+ windows with comprehensive ones, 3 kiosks")
    func demoHall() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../examples/demo-hall.yaml").path
        let demo = try HallConfiguration.load(path: path)
        #expect(demo.definition.services.count >= 12)
        #expect(demo.definition.windows.count >= 16)
        #expect(demo.definition.windows.filter { $0.services.count > 1 }.count >= 3)
        #expect(demo.kiosks.count == 3)
    }

    @Test(
        "errors name the file, the line and what is wrong",
        arguments: [
            (Valid.replace("    prefix: A", "    prefx: A"), #"hall.yaml:8:5: unknown key "prefx" (did you mean "prefix"?)"#),
            (Valid.replace("    prefix: A", "    prefix: a1"), "hall.yaml:8:13: prefix must be one or two capital letters"),
            (Valid.replace("services: [shebao]", "services: [shebao, huji]"), #"hall.yaml:11:15: window 1 names unknown service "huji""#),
            (Valid.replace("  name: 测试大厅", "  name: 测试大厅\n  time_zone: Mars/Base"), #"hall.yaml:3:14: unknown time zone "Mars/Base""#),
            (Valid.replace("{admin: admin-token-123}", "{admin: short}"), "hall.yaml:4:12: the admin token is shorter than 12 characters"),
            (Valid.replace("{admin: admin-token-123}", "{kiosk: kiosk-token-123}"), "api.tokens needs an admin token"),
            (Valid.replace("- number: 1", "- number: one"), "hall.yaml:10:13: number must be a whole number"),
            (Valid.replace("hall:", "hall: ["), "hall.yaml:3:4: not valid YAML"),
            (Valid.replace("    name: 社保", "    name: 社保\n    hours: 9-17"), #"hours must look like "08:30-12:00, 13:30-17:30""#),
            ("", "hall.yaml:1: the file is empty"),
        ])
    func errors(yaml: String, expected: String) {
        let message = error(yaml)
        #expect(message.contains(expected), "got: \(message)")
    }
}

enum Valid {
    static func replace(_ old: String, _ new: String) -> String {
        ConfigurationTests.valid.replacingOccurrences(of: old, with: new)
    }
}
