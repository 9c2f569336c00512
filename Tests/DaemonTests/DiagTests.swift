import Foundation
import HallClient
import HallDevices
import HallLinux
import HallProtocols
import HallTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `hallctl diag`, the self-test at start and the support bundle, against the real daemon
/// with simulated devices and a stand-in printer.
@Suite("Diagnostics through the real daemon", .serialized)
struct DiagTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized.path

    final class Rig {
        let directory: URL
        let cupsd: PrivateCupsd
        let reader: IDReaderSimulator
        let bus: BoardBusSimulator
        let daemon: DaemonProcess
        let events: EventStreamReader

        init() throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("diag-\(UUID().uuidString.prefix(8))")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            cupsd = try PrivateCupsd()
            try cupsd.addQueue("K1")
            reader = try IDReaderSimulator(link: directory.appendingPathComponent("K1-reader").path)
            let profile = try #require(try ProfileCatalog.load(directory: DiagTests.root + "/Devices").profile("boards/generic-a0-sum16"))
            bus = try BoardBusSimulator(
                link: directory.appendingPathComponent("bus1").path, codec: try #require(profile.boardProtocol), addresses: 1...2)
            let yaml = """
                hall:
                  name: 诊断大厅
                  data_directory: {data}
                  devices_directory: \(DiagTests.root)/Devices
                  layouts_directory: \(DiagTests.root)/Layouts
                  cups_server: \(cupsd.server)
                api:
                  listen: 127.0.0.1:0
                  tokens: {admin: \(SmallHall.adminToken), kiosk: \(SmallHall.kioskToken), display: \(SmallHall.displayToken), technician: technician-token-123}
                services:
                  - {id: shebao, name: 社保, prefix: A}
                windows:
                  - {number: 1, services: [shebao]}
                  - {number: 2, services: [shebao]}
                kiosks:
                  - id: K1
                    devices:
                      - {role: reader, profile: id-readers/generic-sam-ch340-serial, path: \(reader.path)}
                      - {role: printer, profile: printers/generic-escpos-80mm, path: K1}
                buses:
                  - id: bus1
                    path: \(bus.path)
                    profile: boards/generic-a0-sum16
                    refresh_seconds: 1
                    boards:
                      - {address: 1, window: 1}
                      - {address: 2, window: 2}
                """
            daemon = try DaemonProcess(yaml: yaml, directory: directory)
            events = try EventStreamReader(port: daemon.port, token: SmallHall.displayToken)
            try daemon.waitForDevices(["K1.reader", "K1.printer", "bus1", "bus1.1", "bus1.2"], token: SmallHall.adminToken)
        }

        deinit {
            reader.stop()
            bus.stop()
            daemon.signal(SIGTERM)
            daemon.waitForExit()
            cupsd.stop()
        }

        func hallctl(_ arguments: [String]) throws -> (status: Int32, output: String) {
            try DaemonFixture.run(
                "hallctl", arguments,
                environment: [
                    "HALLCTL_CONFIG": directory.appendingPathComponent("hall.yaml").path, "HALLCTL_URL": "http://127.0.0.1:\(daemon.port)",
                ])
        }
    }

    @Test(
        "a healthy hall passes the self-test and diag; a silent board, a SAM fault and a printer out of paper are each named with their fix"
    )
    func faults() throws {
        let rig = try Rig()
        let selfTest = try rig.events.waitFor("device.self-test")
        #expect(selfTest["problems"] as? [String] == [], "\(selfTest)")
        #expect(selfTest["healthy"] as? Int == 5)
        let healthy = try rig.hallctl(["diag"])
        #expect(healthy.status == 0 && healthy.output.contains("全部正常 / all 5 devices healthy"), "\(healthy.output)")

        rig.bus.silence(2)
        rig.reader.answer(IDCardReaderDriver.Settings().findCard, with: .samSelfTestFailed)
        try rig.cupsd.setFault("K1", "media-empty-error")
        _ = try rig.daemon.connection().request(
            "POST", "/api/v1/tickets", json: Data(#"{"service":"shebao","kiosk":"K1"}"#.utf8), token: SmallHall.kioskToken)
        var report = (status: Int32(0), output: "")
        #expect(
            try eventually(15) {
                report = try rig.hallctl(["diag"])
                return report.output.contains("3 个设备需要处理") && report.output.contains("串口无响应")
            }, "\(report.output)")
        #expect(report.status == 2)
        #expect(report.output.contains("✘ bus1.2") && report.output.contains("串口无响应：检查 RS-485 接线与终端电阻"), "\(report.output)")
        #expect(report.output.contains("✘ K1.printer") && report.output.contains("CUPS 队列已停止：缺纸"), "\(report.output)")
        #expect(report.output.contains("✘ K1.reader") && report.output.contains("SAM 模块故障"), "\(report.output)")
        #expect(report.output.contains("✔ bus1.1"))
        // One kiosk only.
        let kiosk = try rig.hallctl(["diag", "K1"])
        #expect(kiosk.output.contains("K1.reader") && !kiosk.output.contains("bus1"), "\(kiosk.output)")

        // Put right, the hall is healthy again.
        rig.bus.silence(2, false)
        rig.reader.answer(IDCardReaderDriver.Settings().findCard, with: nil)
        try rig.cupsd.setFault("K1", nil)
        #expect(try eventually(20) { try rig.hallctl(["diag"]).status == 0 })
    }

    @Test(
        "diag printer prints a test page (sizes, Chinese, QR, cut) and follows its job; diag test shows a board's pattern; diag bus scans and counts; a device with no test says so"
    )
    func activeTests() throws {
        let rig = try Rig()
        let printer = try rig.hallctl(["diag", "printer", "K1"])
        #expect(printer.status == 0, "\(printer.output)")
        #expect(
            printer.output.contains("✔ 打印完成 / printed: 完成 / completed") && printer.output.contains("K1.printer 测试通过"), "\(printer.output)")
        #expect(try eventually { rig.cupsd.printed("K1").count == 1 })
        let page = try PrintedTicket(bytes: try rig.cupsd.printed("K1", job: 0))
        #expect(page.lines.contains("打印测试 / PRINT TEST") && page.qrCodes == ["HallQueue printer test"] && page.cuts == [.feedAndCut])
        #expect(Set(page.elements.compactMap { if case .text(_, _, let width, _, _) = $0 { width } else { nil } }) == [1, 2, 3, 4])

        let board = try rig.hallctl(["diag", "test", "bus1.2"])
        #expect(board.status == 0 && board.output.contains("已应答 / answered"), "\(board.output)")
        #expect(try eventually { rig.bus.received.contains { $0.address == 2 && $0.text == "测试 8888\n8888 测试" } })
        rig.bus.silence(2)
        let silent = try rig.hallctl(["diag", "test", "bus1.2"])
        #expect(silent.status == 2 && silent.output.contains("无应答：检查 RS-485 接线"), "\(silent.output)")
        rig.bus.silence(2, false)

        let scan = try rig.hallctl(["diag", "bus", "bus1", "--to", "4"])
        #expect(scan.output.contains("应答的地址 / answering (1–4): 1 2") && scan.output.contains("bus1.1"), "\(scan.output)")
        let reader = try rig.hallctl(["diag", "test", "K1.reader"])
        #expect(reader.status != 0 && reader.output.contains("没有测试动作"), "\(reader.output)")
    }

    @Test(
        "with hallqd stopped, diag reader and diag scanner open the devices through the daemon's drivers: SAM status, a masked card read, raw scanner bytes and the decoded code"
    )
    func direct() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("direct-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let reader = try IDReaderSimulator(link: directory.appendingPathComponent("K1-reader").path)
        defer { reader.stop() }
        let scanner = try SerialScannerSimulator(link: directory.appendingPathComponent("K1-scanner").path)
        let config = directory.appendingPathComponent("hall.yaml").path
        try KioskHall.yaml(reader: reader.path, scanner: scanner.path).replacingOccurrences(of: "{data}", with: directory.path + "/data")
            .write(toFile: config, atomically: true, encoding: .utf8)
        // Nothing listens on port 1: the daemon is stopped.
        let environment = ["HALLCTL_CONFIG": config, "HALLCTL_URL": "http://127.0.0.1:1"]
        reader.place(KioskHall.zhang)
        let read = try DaemonFixture.run("hallctl", ["diag", "reader", "K1", "--seconds", "5"], environment: environment)
        #expect(read.status == 0, "\(read.output)")
        #expect(
            read.output.contains("✔ 复位与 SAM 状态 / reset and SAM status: 正常")
                && read.output.contains("✔ 读卡 / card read: 张*三 110105********002X"), "\(read.output)")
        #expect(!read.output.contains(KioskHall.zhang.number) && !read.output.contains(KioskHall.zhang.address))

        let (status, text) = try DaemonFixture.run(
            "hallctl", ["diag", "scanner", "K1", "--seconds", "10"], environment: environment, settle: 1
        ) {
            scanner.scan("YY-0042")
        }
        #expect(status == 0, "\(text)")
        #expect(text.contains("字节 / bytes: 59 59 2D 30 30 34 32") && text.contains("✔ 扫码 / scanned: YY-0042"), "\(text)")

        // The printer is a CUPS queue: diag printer tests it directly too.
        let cupsd = try PrivateCupsd()
        defer { cupsd.stop() }
        try cupsd.addQueue("K1")
        try (try String(contentsOfFile: config, encoding: .utf8))
            .replacingOccurrences(of: "  devices_directory:", with: "  cups_server: \(cupsd.server)\n  devices_directory:")
            .replacingOccurrences(
                of: "path: \(scanner.path)}\n",
                with: "path: \(scanner.path)}\n      - {role: printer, profile: printers/generic-escpos-80mm, path: K1}\n"
            )
            .write(toFile: config, atomically: true, encoding: .utf8)
        let printer = try DaemonFixture.run("hallctl", ["diag", "printer", "K1"], environment: environment)
        #expect(printer.status == 0 && printer.output.contains("直接测试 CUPS 队列 K1") && printer.output.contains("✔ 打印完成"), "\(printer.output)")
        #expect(try eventually { cupsd.printed("K1").count == 1 })

        // A printer on a serial port: the daemon's driver, the paper asked before the page goes.
        let serialPrinter = try SerialPrinterSimulator(link: directory.appendingPathComponent("K1-printer").path)
        defer { serialPrinter.stop() }
        try (try String(contentsOfFile: config, encoding: .utf8))
            .replacingOccurrences(
                of: "profile: printers/generic-escpos-80mm, path: K1}",
                with: "profile: printers/generic-escpos-80mm-serial, path: \(serialPrinter.path)}"
            )
            .write(toFile: config, atomically: true, encoding: .utf8)
        let serial = try DaemonFixture.run("hallctl", ["diag", "printer", "K1"], environment: environment)
        #expect(serial.status == 0 && serial.output.contains("✔ 测试页已打印"), "\(serial.output)")
        #expect(serialPrinter.cuts == 1)
        serialPrinter.setPaper(.out)
        let noPaper = try DaemonFixture.run("hallctl", ["diag", "printer", "K1"], environment: environment)
        #expect(noPaper.status == 2 && noPaper.output.contains("缺纸"), "\(noPaper.output)")
        #expect(serialPrinter.lost == 0 && serialPrinter.cuts == 1, "nothing sent without paper")

        // A bus of boards: diag bus scans it through its own scheduler on the port.
        let profile = try #require(try ProfileCatalog.load(directory: Self.root + "/Devices").profile("boards/generic-a0-sum16"))
        let boards = try BoardBusSimulator(
            link: directory.appendingPathComponent("bus1").path, codec: try #require(profile.boardProtocol), addresses: [2, 3])
        defer { boards.stop() }
        try (try String(contentsOfFile: config, encoding: .utf8))
            .replacingOccurrences(of: "  devices_directory:", with: "  layouts_directory: \(Self.root)/Layouts\n  devices_directory:")
            .replacingOccurrences(
                of: "windows:\n",
                with:
                    "buses:\n  - {id: bus1, path: \(boards.path), profile: boards/generic-a0-sum16, boards: [{address: 2, window: 1}]}\nwindows:\n"
            )
            .write(toFile: config, atomically: true, encoding: .utf8)
        let scan = try DaemonFixture.run("hallctl", ["diag", "bus", "bus1", "--to", "4"], environment: environment)
        #expect(scan.status == 0 && scan.output.contains("直接扫描") && scan.output.contains("应答的地址 / answering (1–4): 2 3"), "\(scan.output)")

        // With the daemon running, the reader is its: diag says so instead of fighting for the port.
        let rig = try Rig()
        let busy = try rig.hallctl(["diag", "reader", "K1"])
        #expect(busy.status == 3 && busy.output.contains("hallqd 正在运行并占用该设备"), "\(busy.output)")
    }

    @Test(
        "the support bundle holds versions, the configuration, devices, their history, logs and CUPS queues, and no ID number, name, address, token or secret"
    )
    func bundle() throws {
        let rig = try Rig()
        rig.reader.place(KioskHall.zhang)
        try rig.events.waitFor("kiosk.identified")
        _ = try rig.daemon.connection().request(
            "POST", "/api/v1/tickets", json: Data(#"{"service":"shebao","kiosk":"K1"}"#.utf8), token: SmallHall.kioskToken)
        let archive = rig.directory.appendingPathComponent("support.tar.gz").path
        let written = try rig.hallctl([
            "diag", "bundle", "--output", archive, "--log", rig.directory.appendingPathComponent("hallqd.log").path,
        ])
        #expect(written.status == 0, "\(written.output)")
        let unpacked = rig.directory.appendingPathComponent("unpacked")
        try FileManager.default.createDirectory(at: unpacked, withIntermediateDirectories: true)
        #expect(try runProgram(URL(fileURLWithPath: "/usr/bin/tar"), ["xzf", archive, "-C", unpacked.path]).status == 0)
        let names = try FileManager.default.contentsOfDirectory(atPath: unpacked.path).sorted()
        #expect(
            names == [
                "boards.json", "cups.txt", "device-history.json", "devices.json", "diagnostics.json", "hall.yaml", "hallqd.log",
                "versions.txt",
            ])
        var everything = Data()
        for name in names { everything += try Data(contentsOf: unpacked.appendingPathComponent(name)) }
        let text = String(decoding: everything, as: UTF8.self)
        #expect(text.contains("K1.reader") && text.contains("hallctl") && text.contains("K1") && text.contains("<removed>"))
        let secret = try Data(contentsOf: rig.directory.appendingPathComponent("data/hall.secret"))
        let forbidden = [
            KioskHall.zhang.number, "11010519491231", KioskHall.zhang.name, KioskHall.zhang.address, "景山前街",
            SmallHall.adminToken, SmallHall.kioskToken, SmallHall.displayToken, "technician-token-123",
            secret.map { String(format: "%02x", $0) }.joined(),
        ]
        for item in forbidden { #expect(!text.contains(item), "the bundle contains \(item)") }
        #expect(everything.range(of: secret) == nil)
    }
}
