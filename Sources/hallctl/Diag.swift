import ArgumentParser
import Foundation
import HallAPIModels
import HallClient
import HallConfig
import HallDevices
import HallLayout
import HallLinux
import HallProtocols
import Synchronization
import Yams

/// `hallctl diag`: every device of the hall (or of one kiosk or bus), what the daemon checked,
/// what it found and what to do, in plain words; `hallctl diag bundle` for the vendor.
struct Diag: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the hall's devices and say what to do about each problem; `diag bundle` writes a support archive.",
        subcommands: [Check.self, Test.self, Printer.self, Bus.self, Reader.self, Scanner.self, Keypad.self, Bundle.self],
        defaultSubcommand: Check.self)

    /// Runs a device's active test in the daemon and prints each step.
    static func test(_ id: String, daemon: DaemonConnection) throws {
        let result = try daemon.call { try $0.testDevice(id) }
        if daemon.json { return daemon.show(result) { _ in "" } }
        try show(result)
    }

    /// Prints a test's steps; exit status 2 when one failed.
    static func show(_ test: DeviceTest) throws {
        for step in test.steps {
            let time = step.milliseconds.map { String(format: " (%.1f ms)", $0) } ?? ""
            print("\(step.ok ? "✔" : "✘") \(step.step): \(step.result)\(time)")
        }
        print(test.ok ? "\(test.device) 测试通过 / passed" : "\(test.device) 测试未通过 / failed")
        if !test.ok { throw ExitCode(2) }
    }

    struct Test: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a device's test: a test page on a printer, a test pattern on a board or keypad.")
        @OptionGroup var daemon: DaemonConnection
        @Argument(help: "The device, such as K1.printer or bus1.3.") var device: String

        func run() throws { try Hallctl.guarded { try Diag.test(device, daemon: daemon) } }
    }

    struct Printer: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "A test page on a kiosk's printer (every size, Chinese, a QR code, the cut) and its CUPS queue's state, or its paper status on a serial port."
        )
        @OptionGroup var daemon: DaemonConnection
        @Argument(help: "The kiosk, such as K1.") var kiosk: String

        func run() throws {
            try Hallctl.guarded {
                guard !daemon.daemonAnswers else { return try Diag.test("\(kiosk).printer", daemon: daemon) }
                // hallqd stopped: the printer is still a CUPS queue; test it directly.
                let hall = try daemon.loadConfiguration()
                if let role = hall.deviceRoles.first(where: { $0.id == "\(kiosk).printer" }),
                    hall.catalog.profile(role.profile)?.transport.kind == .serial
                {
                    return try DirectDevice(daemon: daemon, kiosk: kiosk, role: "printer").testPage()
                }
                guard let role = hall.deviceRoles.first(where: { $0.id == "\(kiosk).printer" }), let queue = role.path,
                    let profile = hall.catalog.profile(role.profile)
                else {
                    throw CLIError("\(kiosk) 没有绑定 CUPS 队列的打印机 / kiosk \(kiosk) has no printer bound to a CUPS queue")
                }
                print("hallqd 未运行：直接测试 CUPS 队列 \(queue) / hallqd is stopped: testing the CUPS queue directly")
                let bytes = TestPage.bytes(
                    encoding: EscPos.TextEncoding(rawValue: profile.word("encoding") ?? "gb18030") ?? .gb18030,
                    chineseMode: profile.flag("chinese_mode") ?? true)
                try Diag.show(CupsQueue(name: queue, server: hall.cupsServer).testPage(bytes, device: role.id))
            }
        }
    }

    struct Keypad: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Show each key pressed on a window's keypads and evaluation pads: as the daemon reads it, or read directly when hallqd is stopped."
        )
        @OptionGroup var daemon: DaemonConnection
        @Argument(help: "The window.") var window: Int
        @Option(help: "Seconds to watch.") var seconds = 30.0

        func run() throws {
            try Hallctl.guarded {
                guard daemon.daemonAnswers else { return try watchDirectly() }
                var last = try daemon.call { try $0.keypadPresses() }.map(\.sequence).max() ?? 0
                prompt()
                let end = Date().addingTimeInterval(seconds)
                while Date() < end {
                    let presses = try daemon.call { [last] client in try client.keypadPresses(since: last) }
                    for press in presses {
                        last = max(last, press.sequence)
                        guard press.window == window else { continue }
                        show(keypad: press.keypad, code: press.code, action: press.action)
                    }
                    usleep(200_000)
                }
            }
        }

        /// hallqd stopped: the window's keypads polled here by the same scheduler on each bus.
        /// Keys are shown, not acted on; the keypad's digits show 8888 (every segment), then
        /// each key's code, so the technician sees both directions work.
        func watchDirectly() throws {
            let hall = try daemon.loadConfiguration()
            let buses = hall.buses.filter { $0.keypads.contains { $0.window == window } }
            guard !buses.isEmpty else {
                throw CLIError("\(window) 号窗口没有呼叫器或评价器 / window \(window) has no keypad in \(daemon.configurationPath)")
            }
            print("hallqd 未运行：直接轮询，按键只显示不执行 / hallqd is stopped: polling the keypads directly; keys are shown, not acted on")
            let pressed = Mutex<[(keypad: String, code: UInt8)]>([])
            let report: @Sendable (BoardBus.Event, String) -> Void = { event, path in
                switch event {
                case .key(let keypad, let code): pressed.withLock { $0.append((keypad, code)) }
                case .faulted(let keypad, let reason):
                    print("✘ \(keypad) 故障 / faulted: \(reason)")
                    print("    处理 / fix: \(DeviceAdvice.faultFix(family: "keypads", reason: reason, path: path))")
                    FileHandle.standardOutput.synchronizeFile()
                case .recovered(let keypad): print("✔ \(keypad) 恢复应答 / answers again")
                default: break
                }
            }
            var opened: [DirectBus] = []
            defer { for bus in opened { bus.stop() } }
            var owner: [String: (keypad: BusConfiguration.Keypad, bus: DirectBus)] = [:]
            for bus in buses {
                let keypads = bus.keypads.filter { $0.window == window }
                let digits = keypads.compactMap { keypad in
                    keypad.profile.boardProtocol.map { BoardBus.Board(id: keypad.id, address: keypad.address, codec: $0) }
                }
                let path = bus.path
                let direct = try DirectBus(bus, boards: digits, keypads: keypads.compactMap(\.polled)) { report($0, path) }
                opened.append(direct)
                for keypad in keypads {
                    owner[keypad.id] = (keypad, direct)
                    direct.scheduler.show("8888", address: keypad.address, urgent: true)
                }
            }
            prompt()
            let end = Date().addingTimeInterval(seconds)
            while Date() < end {
                let presses: [(keypad: String, code: UInt8)] = pressed.withLock { presses in
                    let taken = presses
                    presses.removeAll()
                    return taken
                }
                for press in presses {
                    guard let (keypad, bus) = owner[press.keypad] else { continue }
                    show(keypad: press.keypad, code: Int(press.code), action: keypad.action(for: press.code))
                    bus.scheduler.show(String(format: "%04X", press.code), address: keypad.address, urgent: true)
                }
                usleep(50_000)
            }
        }

        func prompt() {
            print("请按 \(window) 号窗口呼叫器或评价器的键 / press keys on window \(window)'s keypads (\(Int(seconds)) s)…")
            FileHandle.standardOutput.synchronizeFile()
        }

        func show(keypad: String, code: Int, action: String) {
            print(String(format: "  %@ 键 / key 0x%02X → %@", keypad, code, action))
            FileHandle.standardOutput.synchronizeFile()
        }
    }

    struct Bus: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Which addresses on a bus answer, and each device's frames and errors.")
        @OptionGroup var daemon: DaemonConnection
        @Argument(help: "The bus, such as bus1.") var bus: String
        @Option(help: "Last address to scan.") var to = 32

        func run() throws {
            try Hallctl.guarded {
                guard daemon.daemonAnswers else { return try scanDirectly() }
                let probes = try daemon.call { try $0.scan(bus: bus, from: 1, to: to) }
                let answering = probes.filter(\.answered).map { "\($0.address)" }
                print("应答的地址 / answering (1–\(to)): \(answering.isEmpty ? "无 / none" : answering.joined(separator: " "))")
                let devices = try daemon.call { try $0.devices() }
                var table = Table(header: ["DEVICE", "STATE", "FRAMES", "ERRORS", "ERROR RATE", "BYTES OUT", "BYTES IN"])
                for device in devices where device.id == bus || device.id.hasPrefix(bus + ".") {
                    let total = device.frames + device.errors
                    table.rows.append([
                        device.id, device.state.rawValue, String(device.frames), String(device.errors),
                        total == 0 ? "-" : String(format: "%.1f%%", Double(device.errors) * 100 / Double(total)), String(device.bytesOut),
                        String(device.bytesIn),
                    ])
                }
                print(table.text, terminator: "")
            }
        }

        /// hallqd stopped: the bus's port opened here, and the same scheduler asks each address.
        func scanDirectly() throws {
            let hall = try daemon.loadConfiguration()
            guard let configuration = hall.buses.first(where: { $0.id == bus }), let codec = configuration.profile.boardProtocol else {
                throw CLIError("没有总线 \(bus) / no bus \(bus) in \(daemon.configurationPath)")
            }
            guard codec.answers else {
                throw CLIError("该协议的屏不应答，无法扫描 / boards of this protocol do not answer, so they cannot be found by a scan")
            }
            let direct = try DirectBus(configuration)
            print("hallqd 未运行：直接扫描 \(configuration.path) / hallqd is stopped: scanning the port directly")
            let answering = Mutex<[Int]>([])
            let done = DispatchSemaphore(value: 0)
            let timeout = configuration.profile.boardAckTimeout
            Task {
                for address in 1...max(1, to) {
                    if case .success = await direct.scheduler.exchangeOnce("", address: address, codec: codec, ackTimeout: timeout) {
                        answering.withLock { $0.append(address) }
                    }
                }
                done.signal()
            }
            done.wait()
            direct.stop()
            let found = answering.withLock { $0 }
            print("应答的地址 / answering (1–\(to)): \(found.isEmpty ? "无 / none" : found.map(String.init).joined(separator: " "))")
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check", abstract: "Every device's state in plain words, with a fix for each problem.")
        @OptionGroup var daemon: DaemonConnection
        @Argument(help: "A kiosk (K1), a bus (bus1) or one device (K1.printer); all when left out.") var target: String?

        func run() throws {
            try Hallctl.guarded {
                let chosen = try daemon.call { try $0.diagnostics() }.filter {
                    target == nil || $0.device == target || $0.device.hasPrefix(target! + ".")
                }
                if let target, chosen.isEmpty { throw CLIError("没有设备 \(target) / no device \(target)") }
                daemon.show(chosen) { chosen in
                    var text = ""
                    for advice in chosen {
                        text += "\(advice.healthy ? "✔" : "✘") \(advice.device)\n"
                        text += "    检查 / checked: \(advice.checked)\n"
                        text += "    结果 / found:   \(advice.finding)\n"
                        if let fix = advice.fix { text += "    处理 / fix:     \(fix)\n" }
                    }
                    let problems = chosen.filter { !$0.healthy }.count
                    return text
                        + (problems == 0
                            ? "全部正常 / all \(chosen.count) devices healthy\n"
                            : "\(problems) 个设备需要处理 / \(problems) of \(chosen.count) devices need attention\n")
                }
                if chosen.contains(where: { !$0.healthy }) { throw ExitCode(2) }
            }
        }
    }

    struct Bundle: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Write one archive for a technician to send on: versions, the configuration without secrets, devices and their recent changes, logs without personal data, CUPS queues."
        )
        @OptionGroup var daemon: DaemonConnection
        @Option(help: "The archive to write.") var output = "hallqueue-support.tar.gz"
        @Option(help: "The daemon's log file (default: journalctl -u hallqd).") var log: String?

        func run() throws {
            try Hallctl.guarded {
                let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
                    "hallqueue-support-\(UUID().uuidString.prefix(8))")
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                defer { try? FileManager.default.removeItem(at: folder) }
                func write(_ name: String, _ text: String) throws {
                    try SupportBundle.scrub(text).write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
                }
                try write("versions.txt", SupportBundle.versions())
                let configurationText = (try? String(contentsOfFile: daemon.configurationPath, encoding: .utf8)) ?? ""
                try write("hall.yaml", SupportBundle.withoutSecrets(configurationText))
                for (name, path) in [
                    ("devices.json", "/api/v1/devices"), ("diagnostics.json", "/api/v1/diagnostics"),
                    ("device-history.json", "/api/v1/devices/history"),
                    ("boards.json", "/api/v1/boards"),
                ] {
                    let text = (try? daemon.call { try $0.text(path) }) ?? "hallqd did not answer"
                    try write(name, text)
                }
                let hall = try? HallConfiguration.load(path: daemon.configurationPath)
                let cups = hall?.cupsServer.map { ["-h", $0] } ?? []
                try write(
                    "cups.txt",
                    SupportBundle.run("/usr/bin/lpstat", cups + ["-l", "-p"]) + "\n" + SupportBundle.run("/usr/bin/lpstat", cups + ["-o"]))
                let logText =
                    try log.map { try String(contentsOfFile: $0, encoding: .utf8) }
                    ?? SupportBundle.run("/usr/bin/journalctl", ["-u", "hallqd", "-n", "5000", "--no-pager"])
                try write("hallqd.log", logText)
                let tar = try runProgram(
                    URL(fileURLWithPath: "/usr/bin/tar"), ["czf", URL(fileURLWithPath: output).path, "-C", folder.path, "."])
                guard tar.status == 0 else { throw CLIError("tar could not write \(output): \(tar.output)") }
                print("已写入 / written: \(output)")
            }
        }
    }
}

/// What a support bundle holds and what it leaves out.
enum SupportBundle {
    /// ID numbers, should any reach a log, become masked; nothing else personal is ever logged.
    static func scrub(_ text: String) -> String {
        text.replacing(/(\d{6})\d{8}(\d{3}[\dXx])/) { "\($0.output.1)********\($0.output.2)" }
    }

    /// The configuration with every token and secret replaced.
    static func withoutSecrets(_ text: String) -> String {
        guard let loaded = try? Yams.load(yaml: text) else { return "# the configuration could not be read\n" }
        func clean(_ value: Any, key: String) -> Any {
            let lowered = key.lowercased()
            // `evaluators` maps windows to their pads' tokens.
            if lowered.contains("token") || lowered.contains("secret") || lowered.contains("password") || lowered == "evaluators" {
                if let tokens = value as? [String: Any] { return tokens.mapValues { _ in "<removed>" } }
                return "<removed>"
            }
            if let mapping = value as? [String: Any] {
                return Dictionary(uniqueKeysWithValues: mapping.map { ($0.key, clean($0.value, key: $0.key)) })
            }
            if let list = value as? [Any] { return list.map { clean($0, key: key) } }
            return value
        }
        return (try? Yams.dump(object: clean(loaded, key: ""), allowUnicode: true, sortKeys: true)) ?? ""
    }

    static func versions() -> String {
        let release = (try? String(contentsOfFile: "/etc/os-release", encoding: .utf8)) ?? ""
        let version = Hallctl.configuration.version.isEmpty ? "(development build)" : Hallctl.configuration.version
        let kernel = run("/usr/bin/uname", ["-a"])
        return "hallctl \(version)\n\(kernel)\n\(release)"
    }

    /// A program's output, or why there is none.
    static func run(_ program: String, _ arguments: [String]) -> String {
        guard FileManager.default.isExecutableFile(atPath: program) else { return "\(program) is not installed" }
        return (try? runProgram(URL(fileURLWithPath: program), arguments).output) ?? "\(program) failed"
    }
}
