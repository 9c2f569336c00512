import HallCore

/// What a technician reads about a device: what was looked at, what was found, and what to do,
/// in plain Chinese first. The same words serve `hallctl diag`, the start-up self-test and the
/// admin view.
public struct DeviceAdvice: Sendable, Equatable, Codable {
    public var device: String
    public var checked: String
    public var finding: String
    /// What to do; nil when the device is fine.
    public var fix: String?

    public var healthy: Bool { fix == nil }

    public init(_ status: DeviceStatus) {
        device = status.id
        let family = status.profile.flatMap { $0.split(separator: "/").first }.map(String.init) ?? ""
        let path = status.path ?? "-"
        checked = Self.checked[family] ?? "状态与最近错误 / state and recent errors"
        let reason = status.reason
        switch status.state {
        case .ready, .busy:
            finding = "正常 / healthy"
            fix = nil
        case .absent:
            finding = "未连接 / absent (\(reason))"
            fix =
                switch family {
                case "boards": "总线串口 \(path) 未打开：检查 RS-485 转换器是否插好、路径是否正确 / the bus port is not open: check the RS-485 adapter and its path"
                case "printers":
                    "CUPS 队列 \(path) 不可用：检查 cupsd 是否运行（lpstat -p） / the CUPS queue is not reachable: is cupsd running (lpstat -p)?"
                default: "未检测到设备：检查 USB 线与电源，核对配置中的路径 \(path) / not found: check the USB cable and power, and the configured path"
                }
        case .unknown:
            finding = "未识别 / unknown (\(reason))"
            fix = "在 Devices/ 中为该型号添加配置文件（hallctl check-profiles） / add a profile for this model in Devices/"
        case .degraded:
            finding = "不稳定 / degraded: \(status.lastError ?? reason)"
            fix = "偶发错误，若持续请检查线缆与接口 / occasional errors: if they go on, check the cable and connector"
        case .faulted:
            finding = "故障 / faulted: \(reason)"
            fix = Self.faultFix(family: family, reason: reason, path: path)
        }
    }

    static let checked = [
        "id-readers": "SAM 状态与寻卡 / SAM status and card polling",
        "scanners": "端口与扫码数据 / port and scanned data",
        "printers": "CUPS 队列状态与原因 / CUPS queue state and reasons",
        "boards": "每帧应答 / the answer to each frame",
        "keypads": "轮询应答 / the answer to each poll",
    ]

    /// What to do about a faulted device of a family (`boards`, `printers` ...).
    public static func faultFix(family: String, reason: String, path: String) -> String {
        switch family {
        case "boards":
            return
                "串口无响应：检查 RS-485 接线与终端电阻、屏的地址与波特率 / no answer: check the RS-485 wiring and termination, the board's address and baud rate"
        case "keypads":
            return "呼叫器/评价器无响应：检查 RS-485 接线、其地址与电源 / the keypad does not answer: check the RS-485 wiring, its address and its power"
        case "printers":
            if reason.contains("打印服务") {
                return
                    "打印服务（cupsd）已停止：执行 systemctl restart cups 并查看 /var/log/cups/error_log；恢复后未打印的号票自动补打一次 / the print service (cupsd) stopped: systemctl restart cups and read its error log; the tickets it held print once when it is back"
            }
            if reason.contains("缺纸") { return "CUPS 队列已停止：缺纸。装纸后执行 cupsenable \(path) / out of paper: load paper, then cupsenable \(path)" }
            if reason.contains("卡纸") { return "卡纸：打开上盖取出纸屑后执行 cupsenable \(path) / paper jam: clear it, then cupsenable \(path)" }
            if reason.contains("上盖") { return "合上打印机上盖 / close the printer's cover" }
            if reason.contains("脱机") { return "打印机脱机：检查电源与数据线 / offline: check the printer's power and cable" }
            return "CUPS 队列已停止：排除故障后执行 cupsenable \(path) / the queue is stopped: fix the printer, then cupsenable \(path)"
        case "id-readers":
            if reason.contains("SAM") { return "SAM 模块故障：重启读卡器，仍不行请联系厂家 / SAM fault: restart the reader, then call its vendor" }
            return "读卡器无响应：检查线缆、波特率与配置文件 / the reader does not answer: check the cable, baud rate and profile"
        case "scanners":
            return "扫码枪异常：重新插拔，检查扫码枪的后缀与编码设置 / re-plug the scanner and check its suffix and encoding settings"
        default:
            return "查看 hallctl devices 的原因与日志 / see the reason in hallctl devices and the log"
        }
    }
}
