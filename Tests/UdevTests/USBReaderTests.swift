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
        let driver = IDCardReaderDriver(transport: port, settings: .init(profile: profile))
        #expect(try driver.open().isEmpty)
        let events = try driver.poll()
        guard case .cardRead(let read, _)? = events.first else {
            Issue.record("no card read: \(events)")
            return
        }
        #expect(read.text.name == "张小三")
        #expect(read.text.number == "11010519491231002X")
        #expect(read.text.validTo == nil)
        #expect(read.photoLength == 1024)
        // Still on the reader: found, not read again.
        #expect(try driver.poll().isEmpty)
        #expect(driver.frames == 6)
    }

    @Test("a USB node that is not there is reported gone")
    func missingDevice() {
        #expect(throws: TransportFailure.self) {
            try USBBulkPort(path: "/dev/bus/usb/001/077", settings: TransportSettings(kind: .usbBulk, timeoutMilliseconds: 100))
        }
    }
}
