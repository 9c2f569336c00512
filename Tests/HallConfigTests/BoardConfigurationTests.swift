import Foundation
import HallConfig
import HallLayout
import Testing

@Suite("Buses and board layouts in the configuration")
struct BoardConfigurationTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized.path

    static func hall(boards: String, layouts: String = root + "/Layouts") -> String {
        """
        hall:
          name: 测试大厅
          devices_directory: \(root)/Devices
          layouts_directory: \(layouts)
        api:
          tokens: {admin: admin-token-123}
        services:
          - {id: shebao, name: 社保, prefix: A}
        windows:
          - {number: 1, services: [shebao]}
        buses:
          - id: bus1
            path: /dev/ttyUSB0
            profile: boards/generic-a0-sum16
            boards:
        \(boards)
        """
    }

    func error(_ yaml: String) -> String { ConfigurationTests().error(yaml) }

    @Test("a bus's boards become devices bus1.<address> with their layouts")
    func valid() throws {
        let configuration = try HallConfiguration.parse(
            Self.hall(boards: "      - {address: 1, window: 1}\n      - {address: 9, show: hall}"), file: "hall.yaml")
        #expect(configuration.buses.first?.boards.map(\.id) == ["bus1.1", "bus1.9"])
        #expect(configuration.buses.first?.boards.map(\.layout.name) == ["window-screen", "hall-board"])
        #expect(configuration.deviceRoles.map(\.id).contains("bus1.9"))
        #expect(configuration.buses.first?.timing.wireTime(20) == 20.0 * 10 / 9600)
    }

    @Test(
        "mistakes in boards are refused at start with their line",
        arguments: [
            ("      - {address: 1, window: 5}", "window 5, which is not in windows"),
            ("      - {address: 1, window: 1}\n      - {address: 1, show: hall}", "two boards on bus bus1 have address 1"),
            ("      - {address: 1}", "needs window: N, show: hall or notice: text"),
            ("      - {address: 300, window: 1}", "address"),
            ("      - {address: 1, window: 1, layout: hall-board}", "layout hall-board is for a hall board, not a window board"),
            ("      - {address: 1, window: 1, layout: nope}", "boards/nope.yaml"),
        ])
    func mistakes(boards: String, expected: String) {
        let message = error(Self.hall(boards: boards))
        #expect(message.contains(expected), "\(message)")
        #expect(message.hasPrefix("hall.yaml:") || message.contains("nope.yaml"), "\(message)")
    }

    @Test("a board layout with an unknown field names its file and line; each kind needs its texts")
    func layoutErrors() throws {
        let file = "window.yaml"
        #expect(throws: Never.self) {
            try BoardLayout.parse("kind: window\ncalling: 请{number}号\nidle: x\npaused: y\n", file: file, name: "w")
        }
        do {
            _ = try BoardLayout.parse("kind: window\ncalling: 请{numbr}号\nidle: x\npaused: y\n", file: file, name: "w")
            Issue.record("an unknown field was accepted")
        } catch {
            #expect(error.description.hasPrefix("window.yaml:2:"), "\(error.description)")
            #expect(error.description.contains("unknown field {numbr} (did you mean {number}?)"))
        }
        #expect(throws: (any Error).self) { try BoardLayout.parse("kind: hall\ncall: x\n", file: file, name: "h") }
        #expect(throws: (any Error).self) { try BoardLayout.parse("kind: clock\n", file: file, name: "c") }
    }

    @Test(
        "the shipped layouts: a window screen calls, idles and pauses within its width; the hall board lists the newest calls; ASCII boards get English"
    )
    func rendering() throws {
        let window = try BoardLayout.load(path: Self.root + "/Layouts/boards/window-screen.yaml", name: "window-screen")
        let values = ["number": "A012", "window": "3", "service": "社保", "service_en": "Social Insurance"]
        #expect(window.window(.calling, values: values, width: 8, lines: 1, english: false) == "请A012号")
        #expect(window.window(.calling, values: values, width: 16, lines: 2, english: false) == "请A012号\n到3号窗口")
        #expect(window.window(.idle, values: values, width: 8, lines: 1, english: false) == "3号窗口")
        #expect(window.window(.paused, values: values, width: 8, lines: 1, english: false) == "暂停服务")
        #expect(window.window(.calling, values: values, width: 4, lines: 1, english: true) == "A012")
        // Cut at the width with no mark; a Chinese character that would cross the edge is left out.
        #expect(window.window(.calling, values: values, width: 5, lines: 1, english: false) == "请A01")
        #expect(window.window(.calling, values: values, width: 6, lines: 1, english: false) == "请A012")
        let hall = try BoardLayout.load(path: Self.root + "/Layouts/boards/hall-board.yaml", name: "hall-board")
        let calls = [["number": "A013", "window": "4"], ["number": "A012", "window": "3"]]
        #expect(
            hall.hall(calls: calls, values: ["waiting": "17"], width: 32, lines: 5, english: false) == "A013 请到4号窗口\nA012 请到3号窗口\n等候 17 人")
        #expect(hall.hall(calls: calls, values: ["waiting": "17"], width: 32, lines: 2, english: false) == "A013 请到4号窗口\n等候 17 人")
        #expect(hall.hall(calls: calls, values: ["waiting": "17"], width: 32, lines: 1, english: true) == "A013 -> 4")
        let notice = try BoardLayout.load(path: Self.root + "/Layouts/boards/notice.yaml", name: "notice")
        #expect(notice.notice(values: ["notice": "欢迎来到青川县政务服务中心"], width: 8, lines: 1, english: false) == "欢迎来到青川县政务服务中心")
    }
}
