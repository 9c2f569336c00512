import ArgumentParser
import Foundation
import HallDevices
import HallLinux
import HallProtocols
import HallServer

/// `hallctl diag reader|scanner K1`: a kiosk device opened directly, through the same drivers
/// the daemon uses, when the daemon is stopped (it holds the ports while it runs).
struct DirectDevice {
    let daemon: DaemonConnection
    let kiosk: String
    let role: String

    /// The device's profile and node, or why the test cannot run now.
    func open() throws -> (profile: DeviceProfile, transport: any ByteTransport, path: String) {
        if daemon.daemonAnswers {
            let mine = daemon.list("/api/v1/diagnostics").first { field($0, "device") == "\(kiosk).\(role)" }
            throw CLIError(
                "hallqd 正在运行并占用该设备：\(mine.map { field($0, "finding") } ?? "未知")。完整测试请先停止 hallqd（systemctl stop hallqd）/ "
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
                let driver = IDCardReaderDriver(transport: transport, settings: .init(profile: profile))
                var started = ContinuousClock.now
                do {
                    _ = try driver.open()
                    print("✔ 复位与 SAM 状态 / reset and SAM status: 正常 / ok (\(Self.milliseconds(since: started)))")
                } catch {
                    print("✘ 复位与 SAM 状态 / reset and SAM status: \(error)")
                    print("    处理 / fix: \(DeviceAdvice.faultFix(family: "id-readers", reason: "\(error)", path: path))")
                    throw ExitCode(2)
                }
                print("请放身份证 / place an ID card on the reader (\(Int(seconds)) s)…")
                let end = ContinuousClock.now + .seconds(seconds)
                while ContinuousClock.now < end {
                    started = ContinuousClock.now
                    let events: [IDCardReaderDriver.Event]
                    do {
                        events = try driver.poll()
                    } catch {
                        print("✘ 读卡 / read: \(error)")
                        throw ExitCode(2)
                    }
                    for event in events {
                        switch event {
                        case .cardRead(let read, _):
                            // Only masked fields are ever shown.
                            let number = (try? IDNumber(read.text.number))?.masked ?? "(invalid number)"
                            print("✔ 读卡 / card read: \(read.text.maskedName) \(number) (\(Self.milliseconds(since: started)))")
                            return
                        case .cardProblem(let problem): print("✘ 卡片问题 / card problem: \(problem)")
                        case .garbled(let problem): print("✘ 通信错误 / garbled: \(problem)")
                        case .cardRemoved: break
                        }
                    }
                    usleep(useconds_t(driver.settings.pollIntervalMilliseconds * 1000))
                }
                print("✘ 未读到卡 / no card within \(Int(seconds)) s")
                throw ExitCode(2)
            }
        }

        static func milliseconds(since start: ContinuousClock.Instant) -> String {
            String(format: "%.1f ms", Double((ContinuousClock.now - start) / .microseconds(1)) / 1000)
        }
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
                // The daemon's own scanner driver, on the same clock.
                var driver = ScannerDriver(profile: profile)
                let start = ContinuousClock.now
                let end = start + .seconds(seconds)
                while ContinuousClock.now < end {
                    let bytes: [UInt8]
                    do {
                        bytes = try transport.read(maximum: 4096, timeoutMilliseconds: driver.readTimeoutMilliseconds)
                    } catch {
                        print("✘ 读取 / read: \(error)")
                        throw ExitCode(2)
                    }
                    let now = (ContinuousClock.now - start) / .seconds(1)
                    if !bytes.isEmpty && profile.transport.kind != .evdev {
                        print("  字节 / bytes: " + bytes.map { String(format: "%02X", $0) }.joined(separator: " "))
                    }
                    for output in bytes.isEmpty ? driver.tick(now: now) : driver.received(bytes, now: now) {
                        switch output {
                        case .key(let code): print("  按键 / key code \(code)")
                        case .problem(let problem): print("✘ \(problem)")
                        case .scan(let code):
                            print("✔ 扫码 / scanned: \(code)")
                            return
                        }
                    }
                }
                print("✘ 未收到扫码 / no scan within \(Int(seconds)) s: 检查扫码枪的接口模式与后缀设置 / check the scanner's interface mode and suffix")
                throw ExitCode(2)
            }
        }
    }
}
