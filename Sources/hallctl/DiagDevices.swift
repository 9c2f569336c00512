import ArgumentParser
import Foundation
import HallDevices
import HallIdentity
import HallLayout
import HallLinux
import HallProtocols

/// `hallctl diag reader|scanner K1`: a kiosk device opened directly, through the same drivers
/// the daemon uses, when the daemon is stopped (it holds the ports while it runs).
struct DirectDevice {
    let daemon: DaemonConnection
    let kiosk: String
    let role: String

    /// The device's profile and node, or why the test cannot run now.
    func open() throws -> (profile: DeviceProfile, transport: any ByteTransport, path: String) {
        if daemon.daemonAnswers {
            let mine = (try? daemon.call { try $0.diagnostics() })?.first { $0.device == "\(kiosk).\(role)" }
            throw CLIError(
                "hallqd 正在运行并占用该设备：\(mine?.finding ?? "未知")。完整测试请先停止 hallqd（systemctl stop hallqd）/ "
                    + "hallqd is running and holds the device; stop it for a direct test", exitCode: 3)
        }
        let hall = try daemon.loadConfiguration()
        guard let bound = hall.deviceRoles.first(where: { $0.id == "\(kiosk).\(role)" }), let profile = hall.catalog.profile(bound.profile)
        else {
            throw CLIError("\(kiosk) 没有配置\(role) / kiosk \(kiosk) has no \(role) in \(daemon.configurationPath)")
        }
        // A configured path, or where udev finds the role's device now.
        let path =
            bound.path ?? UdevDiscovery(configuredPaths: []).enumerate().first { bound.accepts($0) && profile.match.matches($0) }?.devnode
        guard let path else { throw CLIError("未检测到设备：检查 USB 线与电源 / \(bound.id) is not plugged in", exitCode: 2) }
        do {
            return (profile, try DeviceRunner.openTransport(path, profile: profile), path)
        } catch {
            throw CLIError("无法打开 \(path)：\(error.message) / cannot open \(path)", exitCode: 2)
        }
    }
}

extension DirectDevice {
    /// A serial printer's test page, through the daemon's driver on its runner: the paper
    /// status asked first, the page sent only with paper, and confirmed by the answer after it.
    func testPage(seconds: Double = 10) throws {
        let (profile, transport, path) = try open()
        print("打印机 / printer \(kiosk).printer: \(profile.model) at \(path)")
        var driver = EscPosPrinterDriver(settings: .init(profile: profile))
        let session = DriverSession(CountingTransport(transport), longestRead: 0.02)
        let page = TestPage.bytes(
            encoding: EscPos.TextEncoding(rawValue: profile.word("encoding") ?? "gb18030") ?? .gb18030,
            chineseMode: profile.flag("chinese_mode") ?? true)
        var (sent, outcome) = (false, Result<Void, ExitCode>?.none)
        _ = session.run(
            &driver, stopped: { outcome != nil || session.now > seconds }, pause: { usleep(useconds_t($0 * 1_000_000)) },
            problem: { print("✘ 串口 / serial port: \($0)") },
            mail: { driver, now in
                defer { sent = true }
                return sent ? [] : driver.submit(page, id: "test-page", now: now)
            },
            report: { report in
                switch report {
                case .paper(.present): print("✔ 纸张 / paper: 正常 / present (\(Diag.Reader.milliseconds(session.now)))")
                case .paper(.nearEnd): print("⚠ 纸张 / paper: 将用尽 / near its end")
                case .paper(.out):
                    print("✘ 纸张 / paper: 缺纸 / out: 装纸后重试 / load paper and try again")
                    outcome = .failure(ExitCode(2))
                case .printed:
                    print("✔ 测试页已打印 / test page printed (\(Diag.Reader.milliseconds(session.now)))")
                    outcome = .success(())
                case .silent(let reason):
                    print("✘ 状态 / status: \(reason): 检查电源、串口线与波特率 / check power, the cable and the baud rate")
                    outcome = .failure(ExitCode(2))
                case .garbled(let problem): print("✘ 通信错误 / garbled: \(problem): 检查波特率 / check the baud rate")
                }
            })
        switch outcome {
        case .success: return
        case .failure(let code): throw code
        case nil:
            print("✘ 未完成 / not done within \(Int(seconds)) s")
            throw ExitCode(2)
        }
    }
}

extension Diag {
    struct Reader: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Test a kiosk's ID card reader directly (hallqd stopped): SAM reset and status, one card read with masked fields, the time of each step."
        )
        @OptionGroup var daemon: DaemonConnection
        @Argument(help: "The kiosk, such as K1.") var kiosk: String
        @Option(help: "Seconds to wait for a card.") var seconds = 15.0

        func run() throws {
            try Hallctl.guarded {
                let (profile, transport, path) = try DirectDevice(daemon: daemon, kiosk: kiosk, role: "reader").open()
                print("读卡器 / reader \(kiosk).reader: \(profile.model) at \(path)")
                // The daemon's own driver on the daemon's own runner, stopped at the first card.
                var driver = IDCardReaderDriver(settings: .init(profile: profile))
                let session = DriverSession(CountingTransport(transport))
                var outcome: Result<Void, ExitCode>?
                var ready = false
                let ended = session.run(
                    &driver, stopped: { outcome != nil || session.now > seconds }, pause: { usleep(useconds_t($0 * 1_000_000)) },
                    problem: { print("✘ 读取 / read: \($0)") }
                ) { event in
                    switch event {
                    case .ready:
                        ready = true
                        print("✔ 复位与 SAM 状态 / reset and SAM status: 正常 / ok (\(Self.milliseconds(session.now)))")
                        print("请放身份证 / place an ID card on the reader (\(Int(seconds)) s)…")
                    case .cardRead(let read, let took):
                        // Only masked fields are ever shown.
                        let number = (try? IDNumber(read.text.number))?.masked ?? "(invalid number)"
                        print("✔ 读卡 / card read: \(HolderKeyer.masked(name: read.text.name)) \(number) (\(Self.milliseconds(took)))")
                        outcome = .success(())
                    case .samFault(let problem):
                        print("✘ SAM 状态 / SAM status: \(problem)")
                        print("    处理 / fix: \(DeviceAdvice.faultFix(family: "id-readers", reason: "SAM fault: \(problem)", path: path))")
                        outcome = .failure(ExitCode(2))
                    case .cardProblem(let problem): print("✘ 卡片问题 / card problem: \(problem)")
                    case .garbled(let problem) where !ready:
                        // A reader that does not answer its reset will not read a card either.
                        print("✘ 复位与 SAM 状态 / reset and SAM status: \(problem)")
                        print("    处理 / fix: \(DeviceAdvice.faultFix(family: "id-readers", reason: problem, path: path))")
                        outcome = .failure(ExitCode(2))
                    case .garbled(let problem): print("✘ 通信错误 / garbled: \(problem)")
                    case .cardRemoved, .recovered: break
                    }
                }
                switch outcome {
                case .success: return
                case .failure(let code): throw code
                case nil:
                    print(ended == "stopped" ? "✘ 未读到卡 / no card within \(Int(seconds)) s" : "✘ 读卡器断开 / the reader went away: \(ended)")
                    throw ExitCode(2)
                }
            }
        }

        static func milliseconds(_ seconds: Double) -> String { String(format: "%.1f ms", seconds * 1000) }
    }

    struct Scanner: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Test a kiosk's scanner directly (hallqd stopped): wait for a scan and show the raw key codes or bytes and the decoded text."
        )
        @OptionGroup var daemon: DaemonConnection
        @Argument(help: "The kiosk, such as K1.") var kiosk: String
        @Option(help: "Seconds to wait for a scan.") var seconds = 15.0

        func run() throws {
            try Hallctl.guarded {
                let (profile, transport, path) = try DirectDevice(daemon: daemon, kiosk: kiosk, role: "scanner").open()
                print("扫码枪 / scanner \(kiosk).scanner: \(profile.model) at \(path)")
                print("请扫码 / scan a code (\(Int(seconds)) s)…")
                // The daemon's own driver on the daemon's own runner, stopped at the first scan.
                var driver = ScannerDriver(profile: profile)
                let session = DriverSession(CountingTransport(transport))
                var scanned = false
                let ended = session.run(
                    &driver, stopped: { scanned || session.now > seconds }, pause: { usleep(useconds_t($0 * 1_000_000)) },
                    problem: { print("✘ 读取 / read: \($0)") }
                ) { output in
                    switch output {
                    case .key(let code): print("  按键 / key code \(code)")
                    case .bytes(let bytes): print("  字节 / bytes: " + bytes.map { String(format: "%02X", $0) }.joined(separator: " "))
                    case .problem(let problem): print("✘ \(problem)")
                    case .scan(let code):
                        print("✔ 扫码 / scanned: \(code)")
                        scanned = true
                    }
                }
                if scanned { return }
                if ended != "stopped" {
                    print("✘ 扫码枪断开 / the scanner went away: \(ended)")
                    throw ExitCode(2)
                }
                print("✘ 未收到扫码 / no scan within \(Int(seconds)) s: 检查扫码枪的接口模式与后缀设置 / check the scanner's interface mode and suffix")
                throw ExitCode(2)
            }
        }
    }
}
