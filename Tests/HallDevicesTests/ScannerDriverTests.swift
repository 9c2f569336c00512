import HallCore
import HallDevices
import HallProtocols
import Testing

/// The scanner driver the daemon and `hallctl diag scanner` share, on a clock of the test's.
@Suite("Scanner driver")
struct ScannerDriverTests {
    static func profile(_ id: String, suffix: String? = nil) throws -> DeviceProfile {
        var profile = try #require(try ProfileCatalog.load(directory: ProfileTests.directory).profile(id))
        if let suffix { profile.parameters["suffix"] = .word(suffix) }
        return profile
    }

    /// Key-down and key-up records for digits and letters, 2 ms apart from `start` on the
    /// kernel's clock, then `suffix` (an evdev key code) if any.
    static func keys(_ text: String, from start: Double, suffix: UInt16?) -> [UInt8] {
        let codes: [Character: UInt16] = ["Y": 21, "1": 2, "2": 3, "3": 4, "4": 5, "-": 12]
        var time = start
        var records: [UInt8] = []
        for code in text.compactMap({ codes[$0] }) + (suffix.map { [$0] } ?? []) {
            for value: Int32 in [1, 0] {
                records += InputEvent(time: time, type: 1, code: code, value: value).record
                time += 0.001
            }
        }
        return records
    }

    @Test("a keyboard wedge set to send no suffix: the scan ends when no key has come for gap_ms, by the caller's clock")
    func wedgeWithoutSuffix() throws {
        var driver = ScannerDriver(profile: try Self.profile("scanners/cino-hid-1fbb-3850", suffix: "none"))
        let bytes = Self.keys("1234", from: 5000, suffix: nil)
        // Split anywhere: records come whole or in pieces.
        let keys = driver.received(Array(bytes[..<30]), now: 10) + driver.received(Array(bytes[30...]), now: 10.001)
        #expect(keys.reports() == [.key(2), .key(3), .key(4), .key(5)])
        #expect(driver.nextTick == 10.001 + 0.05, "the gap after the last key")
        #expect(driver.tick(now: 10.02).isEmpty, "still within the gap")
        #expect(driver.tick(now: 10.06).reports() == [.scan("1234")])
        #expect(driver.nextTick == nil)
        #expect(driver.tick(now: 11).isEmpty, "once")
    }

    @Test("a keyboard wedge with Enter: the scan ends on the key; a serial scanner: one scan a line")
    func suffixAndLines() throws {
        var wedge = ScannerDriver(profile: try Self.profile("scanners/cino-hid-1fbb-3850"))
        let outputs: [ScannerDriver.Output] = wedge.received(Self.keys("1234", from: 1, suffix: 28), now: 0).reports()
        #expect(outputs.filter { if case .scan = $0 { true } else { false } } == [.scan("1234")])
        #expect(wedge.nextTick == nil)
        var serial = ScannerDriver(profile: try Self.profile("scanners/newland-cdc-acm-1eab-8306"))
        #expect(serial.received(Array("YY-00".utf8), now: 0).reports() == [.bytes(Array("YY-00".utf8))])
        let lines = serial.received(Array("42\r\nA1\r".utf8), now: 0.01).reports()
        #expect(lines == [.bytes(Array("42\r\nA1\r".utf8)), .scan("YY-0042"), .scan("A1")])
        #expect(serial.nextTick == nil && serial.tick(now: 5).isEmpty)
    }
}
