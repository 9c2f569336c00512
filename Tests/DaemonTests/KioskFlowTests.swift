import Foundation
import HallClient
import HallIdentity
import HallProtocols
import HallTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The real daemon with a simulated ID reader and serial scanner on PTYs at kiosk K1.
final class KioskHall {
    static let devices = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Devices").standardized
        .path
    static let zhang = IDCardText(
        name: "张小三", sex: .male, nationCode: 1, birthDate: "19491231", address: "北京市东城区景山前街4号",
        number: "11010519491231002X", authority: "北京市公安局东城分局", validFrom: "20150101", validTo: nil)

    let directory: URL
    let reader: IDReaderSimulator
    let scanner: SerialScannerSimulator
    let daemon: DaemonProcess
    let events: EventStreamReader

    /// `policy`: lines for the configuration's `policy` section.
    init(policy: String? = nil) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("kiosk-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        reader = try IDReaderSimulator(link: directory.appendingPathComponent("K1-reader").path)
        scanner = try SerialScannerSimulator(link: directory.appendingPathComponent("K1-scanner").path)
        daemon = try DaemonProcess(
            yaml: Self.yaml(reader: reader.path, scanner: scanner.path) + (policy.map { "\npolicy:\n  \($0)\n" } ?? ""),
            directory: directory)
        events = try EventStreamReader(port: daemon.port, token: SmallHall.displayToken)
        // Both open: a scan written before the daemon opens its port would be flushed with the port.
        try daemon.waitForDevices(["K1.reader", "K1.scanner"], token: SmallHall.adminToken)
    }

    /// A hall day that starts twelve hours from now (China time), so that the bookings a few
    /// hours either side of now fall on the same hall day whenever the test runs (at 23:53, a
    /// booking at 00:03 is tomorrow's).
    static var dayStart: String {
        let hour = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "Asia/Shanghai")!, from: Date()).hour ?? 0
        return String(format: "\"%02d:00\"", (hour + 12) % 24)
    }

    /// The small test hall with kiosk K1's reader and scanner at these paths.
    static func yaml(reader: String, scanner: String) -> String {
        SmallHall.yaml
            .replacingOccurrences(
                of: "  data_directory: {data}\n",
                with: "  data_directory: {data}\n  devices_directory: \(devices)\n  day_starts_at: \(dayStart)\n"
            )
            .replacingOccurrences(
                of: "  - {id: K1, name: 一号机}\n",
                with: """
                      - id: K1
                        name: 一号机
                        devices:
                          - {role: reader, profile: id-readers/generic-sam-ch340-serial, path: \(reader)}
                          - {role: scanner, profile: scanners/newland-cdc-acm-1eab-8306, path: \(scanner)}

                    """)
    }

    deinit {
        reader.stop()
        daemon.signal(SIGTERM)
        daemon.waitForExit()
    }

    var connection: HTTPConnection { daemon.connection() }

    /// The hall's secret, as the booking platform would hold it.
    var keyer: HolderKeyer {
        get throws {
            HolderKeyer(
                secret: try HallSecret.loadOrCreate(path: directory.appendingPathComponent("data/hall.secret").path),
                timeZone: TimeZone(identifier: "Asia/Shanghai")!)
        }
    }

    /// Every file the daemon wrote: the journal's database files and its log.
    func writtenBytes() throws -> [(String, Data)] {
        let data = directory.appendingPathComponent("data")
        let files = try FileManager.default.contentsOfDirectory(atPath: data.path).map { data.appendingPathComponent($0).path }
        return try (files + [directory.appendingPathComponent("hallqd.log").path]).map {
            ($0, try Data(contentsOf: URL(fileURLWithPath: $0)))
        }
    }
}

@Suite("Kiosk identification through the real daemon", .serialized)
struct KioskFlowTests {
    @Test("a card read at K1 goes to K1's page, with its next ticket, and the full number and address reach no file")
    func cardAndPrivacy() throws {
        let hall = try KioskHall()
        hall.reader.place(KioskHall.zhang)
        let identified = try hall.events.waitFor("kiosk.identified")
        #expect(identified["kiosk"] as? String == "K1")
        let holder = identified["holder"] as? [String: Any]
        #expect(holder?["maskedName"] as? String == "张*三")
        #expect(holder?["maskedNumber"] as? String == "110105********002X")
        #expect(holder?["key"] == nil)
        let ticket = try hall.connection.request(
            "POST", "/api/v1/tickets", json: Data(#"{"service":"budongchan","kiosk":"K1"}"#.utf8), token: SmallHall.kioskToken)
        #expect(ticket.status == 201, "\(ticket.text)")
        // The same person cannot queue twice for it, and without a card nobody can.
        hall.reader.lift()
        #expect(hall.reader.waitForPolls(3))
        hall.reader.place(KioskHall.zhang)
        try hall.events.waitFor("kiosk.identified")
        let twice = try hall.connection.request(
            "POST", "/api/v1/tickets", json: Data(#"{"service":"budongchan","kiosk":"K1"}"#.utf8), token: SmallHall.kioskToken)
        #expect(twice.json()?["error"] as? String == "already_waiting")

        // Make sure everything is on disk, then look for the full number and the address in
        // every file the daemon wrote, as UTF-8 and as the card's UCS-2.
        hall.daemon.signal(SIGTERM)
        #expect(hall.daemon.waitForExit() == 0)
        let secrets = [KioskHall.zhang.number, "景山前街", KioskHall.zhang.address]
        var checked = 0
        let written = try hall.writtenBytes()
        for (path, bytes) in written {
            for secret in secrets {
                for encoded in [Data(secret.utf8), Data(secret.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })] {
                    #expect(bytes.range(of: encoded) == nil, "\(secret) found in \(path)")
                    checked += 1
                }
            }
        }
        #expect(checked >= 12)
        // The masked forms are there: the check would notice a journal that kept nothing.
        #expect(written.contains { $0.0.contains("journal.sqlite") && $0.1.range(of: Data("110105********002X".utf8)) != nil })
    }

    @Test("an invalid card is refused with the reason on the kiosk's page")
    func invalidCard() throws {
        let hall = try KioskHall()
        var forged = KioskHall.zhang
        forged.number = "110105194912310021"
        hall.reader.place(forged)
        let notice = try hall.events.waitFor("kiosk.notice")
        #expect(notice["code"] as? String == "invalid_id_card")
        #expect((notice["message"] as? String)?.contains("校验位不符") == true)
        var impossible = KioskHall.zhang
        impossible.number = "110105194902300020"
        hall.reader.lift()
        #expect(hall.reader.waitForPolls(3))
        hall.reader.place(impossible)
        let second = try hall.events.waitFor("kiosk.notice") { ($0["message"] as? String)?.contains("出生日期不成立") == true }
        #expect(second["code"] as? String == "invalid_id_card")
        // The notice goes to every page on the stream: it names the reason, never the digits.
        #expect((second["message"] as? String)?.contains("19490230") == false)
    }

    @Test("bookings check in by scanned code and by the booked ID card; early, late, unknown and used codes get their notice")
    func checkIn() throws {
        let hall = try KioskHall()
        let key = try hall.keyer.key(for: try IDNumber(KioskHall.zhang.number))
        let now = Date()
        func slot(_ minutes: Double) -> String { (now + minutes * 60).formatted(.iso8601) }
        let bookings = """
            {"appointments": [
              {"code": "YY-ON-TIME", "service": "shebao", "start": "\(slot(-5))", "end": "\(slot(25))"},
              {"code": "YY-EARLY", "service": "shebao", "start": "\(slot(120))", "end": "\(slot(150))"},
              {"code": "YY-LATE", "service": "huji", "start": "\(slot(-120))", "end": "\(slot(-90))"},
              {"code": "YY-CARD", "service": "huji", "start": "\(slot(10))", "end": "\(slot(40))",
               "masked_name": "张*三", "masked_id": "110105********002X", "id_hash": "\(key)"}
            ]}
            """
        let imported = try hall.connection.request("POST", "/api/v1/appointments", json: Data(bookings.utf8), token: SmallHall.adminToken)
        #expect(imported.json()?["imported"] as? Int == 4, "\(imported.text)")

        hall.scanner.scan("YY-ON-TIME")
        let issued = try hall.events.waitFor("ticket.issued")
        #expect(issued["appointment"] as? String == "YY-ON-TIME")
        #expect(issued["priority"] as? String == "appointment")
        #expect(issued["kiosk"] as? String == "K1")
        let expected: [(String, String)] = [
            ("YY-ON-TIME", "appointment_used"), ("YY-EARLY", "appointment_too_early"), ("YY-LATE", "appointment_too_late"),
            ("YY-NOPE", "appointment_unknown"),
        ]
        for (code, notice) in expected {
            hall.scanner.scan(code)
            let event = try hall.events.waitFor("kiosk.notice")
            #expect(event["code"] as? String == notice, "\(code): \(event)")
            #expect((event["message"] as? String)?.contains(code) == true)
        }

        // The booked person taps their card: identified, then checked in.
        hall.reader.place(KioskHall.zhang)
        try hall.events.waitFor("kiosk.identified")
        let byCard = try hall.events.waitFor("ticket.issued")
        #expect(byCard["appointment"] as? String == "YY-CARD")
        #expect(byCard["service"] as? String == "huji")
    }
}
