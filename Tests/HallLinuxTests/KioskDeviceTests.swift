import Foundation
import HallDevices
import HallIdentity
import HallLinux
import HallProtocols
import HallTesting
import Synchronization
import Testing

/// Collects what a runner reports, for the tests to wait on.
final class Reports: Sendable {
    private let items = Mutex<[DeviceReport]>([])

    func add(_ report: DeviceReport) { items.withLock { $0.append(report) } }

    var all: [DeviceReport] { items.withLock { $0 } }

    /// Waits (generously) until a report matches.
    @discardableResult
    func wait(timeout: Double = 10, for matching: (DeviceReport) -> Bool) -> DeviceReport? {
        _ = eventually(timeout) { all.contains(where: matching) }
        return all.first(where: matching)
    }

    func count(_ matching: (DeviceReport) -> Bool) -> Int { all.count(where: matching) }
}

extension DeviceReport {
    var isCard: Bool { if case .card = self { true } else { false } }
    var isOpened: Bool { if case .opened = self { true } else { false } }
    var isClosed: Bool { if case .closed = self { true } else { false } }
    var isRemoved: Bool { if case .cardRemoved = self { true } else { false } }
    var error: String? { if case .error(_, let message) = self { message } else { nil } }
    var fault: String? { if case .fault(_, let message) = self { message } else { nil } }
    var problem: String? { if case .cardProblem(_, let message) = self { message } else { nil } }
    var scanned: String? { if case .scan(_, let code, _) = self { code } else { nil } }
}

@Suite("Kiosk devices over PTYs", .serialized)
struct KioskDeviceTests {
    /// The repository's profiles; a broken one fails the tests that need it, not the whole run.
    static var catalog: ProfileCatalog {
        get throws {
            try ProfileCatalog.load(
                directory: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Devices").standardized
                    .path)
        }
    }
    static let card = IDCardText(
        name: "张小三", sex: .male, nationCode: 1, birthDate: "19491231", address: "北京市东城区景山前街4号",
        number: "11010519491231002X", authority: "北京市公安局东城分局", validFrom: "20150101", validTo: nil)

    static func link() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("dev-\(UUID().uuidString.prefix(8))").path
    }

    /// A serial reader's runner on a simulator, with a short poll interval.
    static func reader() throws -> (IDReaderSimulator, DeviceRunner, Reports) {
        var profile = try #require(try catalog.profile("id-readers/generic-sam-ch340-serial"))
        profile.parameters["poll_interval_ms"] = .integer(50)
        profile.parameters["reply_timeout_ms"] = .integer(300)
        let simulator = try IDReaderSimulator(link: link())
        let reports = Reports()
        let runner = DeviceRunner(
            role: DeviceRole(id: "K1.reader", profile: profile.id, path: simulator.path), kiosk: "K1", profile: profile,
            keyer: HolderKeyer(secret: Array(0..<32), timeZone: TimeZone(identifier: "Asia/Shanghai")!), report: reports.add)
        runner.start()
        return (simulator, runner, reports)
    }

    @Test("a card placed is read once, however long it stays, and its removal is seen")
    func readOnce() throws {
        let (simulator, runner, reports) = try Self.reader()
        defer {
            runner.stop()
            simulator.stop()
        }
        #expect(reports.wait { $0.isOpened } != nil)
        #expect(simulator.waitForPolls(1))
        #expect(Array(simulator.received.prefix(2)) == [[0x10, 0xFF], [0x11, 0xFF]])
        simulator.place(Self.card)
        guard case .card(let kiosk, let read)? = reports.wait(for: { $0.isCard }) else {
            Issue.record("no card read: \(reports.all)")
            return
        }
        #expect(kiosk == "K1")
        let holder = try read.get()
        #expect(holder.maskedName == "张*三")
        #expect(holder.maskedNumber == "110105********002X")
        // What leaves the reader's thread is already masked: no report holds the card's text.
        let everything = "\(reports.all)"
        for secret in [Self.card.number, Self.card.address, Self.card.birthDate, Self.card.name] {
            #expect(!everything.contains(secret))
        }
        // Ten more polls with the card still there: no second read.
        let polls = simulator.received.count
        while simulator.received.count < polls + 10 { usleep(20_000) }
        #expect(reports.count { $0.isCard } == 1)
        simulator.lift()
        #expect(reports.wait { $0.isRemoved } != nil)
        simulator.place(Self.card)
        #expect(reports.wait { _ in reports.count { $0.isCard } == 2 } != nil)
    }

    @Test("status codes become card problems or device errors, garbage and slow replies are survived")
    func faults() throws {
        let (simulator, runner, reports) = try Self.reader()
        defer {
            runner.stop()
            simulator.stop()
        }
        #expect(reports.wait { $0.isOpened } != nil)
        // A card that fails to read: the citizen is asked to try again, once.
        simulator.answer([0x30, 0x01], with: .readFailed)
        simulator.place(Self.card)
        #expect(reports.wait { $0.problem?.contains("读卡操作失败") == true } != nil)
        simulator.answer([0x30, 0x01], with: nil)
        simulator.lift()
        #expect(reports.wait { $0.isRemoved } != nil)
        // The SAM loses its authorisation: a device fault that names it (it cannot clear by itself).
        simulator.answer([0x20, 0x01], with: .samNotAuthorized)
        #expect(reports.wait { $0.fault?.contains("SAM 未经授权") == true } != nil)
        simulator.answer([0x20, 0x01], with: nil)
        // Garbage before a reply, then a reply slower than the timeout.
        simulator.sendGarbage([0x00, 0xFF, 0xAA, 0x13])
        #expect(reports.wait { $0.error?.contains("outside any frame") == true } != nil)
        simulator.delayReplies(by: 0.5)
        #expect(reports.wait { $0.error?.contains("no reply to") == true } != nil)
        simulator.delayReplies(by: 0)
        // Afterwards a card still reads.
        simulator.place(Self.card)
        #expect(reports.wait(for: { $0.isCard }) != nil)
        #expect(reports.wait { if case .recovered = $0 { true } else { false } } != nil)
    }

    @Test("a pulled cable closes the reader, and it is opened and reset again when plugged back")
    func pulledCable() throws {
        let (simulator, runner, reports) = try Self.reader()
        defer {
            runner.stop()
            simulator.stop()
        }
        #expect(reports.wait { $0.isOpened } != nil)
        simulator.pullCable()
        #expect(reports.wait { $0.isClosed } != nil)
        simulator.plugCable()
        #expect(reports.wait { _ in reports.count { $0.isOpened } == 2 } != nil)
        simulator.place(Self.card)
        #expect(reports.wait(for: { $0.isCard }) != nil)
    }

    @Test("a serial scanner's lines become scans, in UTF-8 and GB18030")
    func serialScanner() throws {
        let profile = try #require(try Self.catalog.profile("scanners/newland-cdc-acm-1eab-8306"))
        let simulator = try SerialScannerSimulator(link: Self.link())
        let reports = Reports()
        let runner = DeviceRunner(
            role: DeviceRole(id: "K1.scanner", profile: profile.id, path: simulator.path), kiosk: "K1", profile: profile,
            report: reports.add)
        runner.start()
        defer { runner.stop() }
        #expect(reports.wait { $0.isOpened } != nil)
        simulator.scan("YY20261201-0001")
        simulator.scan("预约码：社保-17", encoding: .gb18030, lineEnd: [0x0D, 0x0A])
        simulator.send([0xFF, 0xFE, 0x0D])
        #expect(reports.wait { $0.scanned == "预约码：社保-17" } != nil)
        #expect(reports.all.compactMap(\.scanned) == ["YY20261201-0001", "预约码：社保-17"])
        #expect(reports.wait { $0.error?.contains("not valid") == true } != nil)
    }

    @Test(
        "the session hallctl diag scanner runs ends a keyboard wedge's scan with no suffix once no key has come for gap_ms, on the real clock"
    )
    func wedgeWithoutSuffix() throws {
        var profile = try #require(try Self.catalog.profile("scanners/cino-hid-1fbb-3850"))
        profile.parameters["suffix"] = .word("none")
        // The key records come over a PTY: the session reads bytes, wherever they come from.
        let pty = try PTYPair(link: Self.link())
        defer { pty.unplug() }
        let port = try SerialPort(path: pty.path, settings: SerialSettings())
        var time = 100.0
        for code: UInt16 in [2, 3, 4, 5] {
            for value: Int32 in [1, 0] {
                pty.send(InputEvent(time: time, type: 1, code: code, value: value).record)
                time += 0.002
            }
        }
        var driver = ScannerDriver(profile: profile)
        let session = DriverSession(CountingTransport(port))
        var (scans, problems) = ([String](), [String]())
        let ended = session.run(
            &driver, stopped: { !scans.isEmpty || session.now > 5 }, pause: { _ in }, problem: { problems.append($0) },
            report: { output in
                if case .scan(let code) = output { scans.append(code) }
            })
        #expect(ended == "stopped" && problems.isEmpty, "\(ended) \(problems)")
        #expect(scans == ["1234"])
        #expect(session.now < 1, "ended by the gap, not by the test's limit")
    }
}
