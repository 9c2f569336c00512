import Foundation
import HallConfig
import Testing

@Suite("What a reload would change")
struct ConfigurationChangeTests {
    func change(_ old: String, _ new: String) throws -> ConfigurationChange {
        ConfigurationChange(
            from: try HallConfiguration.parse(old, file: "old.yaml"), to: try HallConfiguration.parse(new, file: "new.yaml"))
    }

    @Test("the same file changes nothing")
    func nothing() throws {
        #expect(try change(ConfigurationTests.valid, ConfigurationTests.valid).isEmpty)
    }

    @Test("services, windows, kiosks and tokens are named key by key, live; tokens by their role, never their value")
    func live() throws {
        let new =
            ConfigurationTests.valid
            .replacingOccurrences(of: "name: 社保", with: "name: 社会保险")
            .replacingOccurrences(of: "tokens: {admin: admin-token-123}", with: "tokens: {admin: admin-token-456, kiosk: kiosk-token-1}")
            + "\nkiosks:\n  - {id: K2, name: 二号机}\n"
        let found = try change(ConfigurationTests.valid, new)
        #expect(found.changed == ["api.tokens.kiosk", "api.tokens.admin", "services.shebao", "kiosks.K2 (added)"])
        #expect(found.needsRestart.isEmpty)
        #expect(!"\(found)".contains("token-456") && !"\(found)".contains("token-123"))
    }

    @Test("where the daemon listens, keeps its data and counts its days needs a restart")
    func restart() throws {
        let new = ConfigurationTests.valid
            .replacingOccurrences(of: "  name: 测试大厅", with: "  name: 测试大厅\n  data_directory: /srv/hall\n  time_zone: Asia/Urumqi")
            .replacingOccurrences(of: "api:\n", with: "api:\n  listen: 127.0.0.1:9090\n")
        let found = try change(ConfigurationTests.valid, new)
        // The secret file's default lives in the data directory, and the page address in the listen address.
        #expect(found.needsRestart == ["api.listen", "hall.data_directory", "hall.secret_file", "hall.time_zone"])
        #expect(found.changed == found.needsRestart + ["hall.public_url"])
    }

    @Test("a board's layout or address is a change of that board; a bus's port is a change of the bus")
    func boards() throws {
        let layouts = FileManager.default.temporaryDirectory.appendingPathComponent("layouts-\(UUID().uuidString.prefix(8))")
        try FileManager.default.copyItem(atPath: BoardConfigurationTests.root + "/Layouts", toPath: layouts.path)
        let old = BoardConfigurationTests.hall(
            boards: "      - {address: 1, window: 1}\n      - {address: 9, show: hall}", layouts: layouts.path)
        let before = try HallConfiguration.parse(old, file: "old.yaml")
        // The window screens' layout file edited: the screen at 1 changes, the hall board does not.
        let file = layouts.appendingPathComponent("boards/window-screen.yaml")
        try String(contentsOf: file, encoding: .utf8).replacingOccurrences(of: "请{number}号", with: "{number}")
            .write(to: file, atomically: true, encoding: .utf8)
        #expect(
            ConfigurationChange(from: before, to: try HallConfiguration.parse(old, file: "new.yaml")).changed == [
                "buses.bus1.boards.bus1.1"
            ])
        let moved = old.replacingOccurrences(of: "address: 9", with: "address: 10")
        #expect(
            try change(old, moved).changed == [
                "devices.bus1.10 (added)", "devices.bus1.9 (removed)", "buses.bus1.boards.bus1.10 (added)",
                "buses.bus1.boards.bus1.9 (removed)",
            ])
        let port = old.replacingOccurrences(of: "/dev/ttyUSB0", with: "/dev/ttyUSB1")
        // The boards' device roles are on the bus's port, so they move with it.
        #expect(try change(old, port).changed == ["devices.bus1", "devices.bus1.1", "devices.bus1.9", "buses.bus1"])
    }
}
