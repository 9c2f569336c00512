import Foundation

/// A hall of `windows` windows serving one service, each with an LED screen at its own
/// address on one bus, and (unless `hallBoard` is false) a hall board after them: for the board
/// tests and benchmarks.
public enum BoardHall {
    public static func yaml(windows: Int, bus path: String, root: String, refreshSeconds: Double = 10, hallBoard: Bool = true) -> String {
        let windowLines = (1...windows).map { "  - {number: \($0), services: [shebao]}" }.joined(separator: "\n")
        var boardLines = (1...windows).map { "      - {address: \($0), window: \($0)}" }.joined(separator: "\n")
        if hallBoard { boardLines += "\n      - {address: \(windows + 1), show: hall, profile: boards/generic-a0-sum16-hall}" }
        return """
            hall:
              name: 测试大厅
              data_directory: {data}
              devices_directory: \(root)/Devices
              layouts_directory: \(root)/Layouts
            api:
              listen: 127.0.0.1:0
              tokens:
                admin: \(SmallHall.adminToken)
                kiosk: \(SmallHall.kioskToken)
                window: window-token-123
                display: \(SmallHall.displayToken)
            services:
              - {id: shebao, name: 社保, name_en: Social Insurance, prefix: A, daily_quota: 9999}
            windows:
            \(windowLines)
            buses:
              - id: bus1
                path: \(path)
                profile: boards/generic-a0-sum16
                refresh_seconds: \(refreshSeconds)
                boards:
            \(boardLines)

            """
    }
}
