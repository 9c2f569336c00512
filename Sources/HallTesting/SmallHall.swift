/// The small hall the API and daemon tests run: two everyday services, one with a small quota,
/// one with afternoon hours, two windows, a token per role. `{data}` stands for the data directory.
public enum SmallHall {
    public static let adminToken = "admin-token-123"
    public static let kioskToken = "kiosk-token-123"
    public static let windowToken = "window-token-123"
    public static let displayToken = "display-token-123"

    public static let yaml = """
        hall:
          name: 测试大厅
          data_directory: {data}
        api:
          listen: 127.0.0.1:0
          tokens:
            admin: admin-token-123
            kiosk: kiosk-token-123
            window: window-token-123
            display: display-token-123
            auditor: auditor-token-123
            manager: manager-token-123
          evaluators:
            "1": pad-token-window-1
        services:
          - {id: shebao, name: 社保, name_en: Social Insurance, prefix: A}
          - {id: huji, name: 户籍, name_en: Household Registration, prefix: B}
          - {id: gongjijin, name: 公积金, prefix: D, daily_quota: 3}
          - {id: hunyin, name: 婚姻登记, prefix: L, hours: "14:00-17:00"}
          - {id: budongchan, name: 不动产登记, prefix: E, requires_id_card: true}
        kiosks:
          - {id: K1, name: 一号机}
        windows:
          - {number: 1, name: 综合窗口, services: [shebao, huji]}
          - {number: 2, services: [huji]}
        """
}
