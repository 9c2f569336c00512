import Foundation
import HallDevices
import HallLinux
import HallProtocols
import Testing

/// The SAM reader 0400:c35a at /dev/bus/usb/001/002 of the testbed, answering through
/// umockdev's usbdevfs replay of Tests/Fixtures/sam-usb-reader.ioctl (see scripts/test).
@Suite("ID card reader over USB bulk on umockdev's usbdevfs replay")
struct USBReaderTests {
    static let profiles = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Devices").standardized
        .path

    @Test("libusb finds the reader, and the driver resets it, reads the card once and leaves it")
    func readOverUSB() throws {
        try #require(ProcessInfo.processInfo.environment["UMOCKDEV_DIR"] != nil, "run inside umockdev-run (see scripts/test)")
        let profile = try #require(try ProfileCatalog.load(directory: Self.profiles).profile("id-readers/generic-sam-usb-0400-c35a"))
        let port = try USBBulkPort(path: "/dev/bus/usb/001/002", settings: profile.transport)
        // The daemon's driver on its runner, until the card is found still there: six frames.
        let session = DriverSession(CountingTransport(port))
        var driver = IDCardReaderDriver(settings: .init(profile: profile))
        var (events, frames, problems) = ([IDCardReaderDriver.Event](), 0, [String]())
        let ended = session.run(
            &driver, stopped: { frames >= 6 || session.now > 10 }, pause: { _ in }, problem: { problems.append($0) },
            traffic: { frames += $2 }, report: { events.append($0) })
        #expect(ended == "stopped" && problems.isEmpty, "\(ended) \(problems)")
        #expect(frames == 6, "\(events)")
        guard events.count == 2, events[0] == .ready, case .cardRead(let read, _) = events[1] else {
            Issue.record("not ready, then one card read: \(events)")
            return
        }
        #expect(read.text.name == "张小三")
        #expect(read.text.number == "11010519491231002X")
        #expect(read.text.validTo == nil)
        #expect(read.photoLength == 1024)
    }

    @Test("a USB node that is not there is reported gone")
    func missingDevice() {
        #expect(throws: TransportFailure.self) {
            try USBBulkPort(path: "/dev/bus/usb/001/077", settings: TransportSettings(kind: .usbBulk, timeoutMilliseconds: 100))
        }
    }
}
