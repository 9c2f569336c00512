import Foundation
import HallCore
import HallDevices
import HallTesting
import Synchronization
import Testing

@Suite("The device registry")
struct DeviceRegistryTests {
    /// The repository's profiles; a broken one fails the tests that need it, not the whole run.
    static var catalog: ProfileCatalog {
        get throws { try ProfileCatalog.load(directory: ProfileTests.directory) }
    }
    static let scanner = DiscoveredDevice(
        syspath: "/sys/devices/usb1/1-2/1-2:1.0/tty/ttyACM0", subsystem: "tty", devnode: "/dev/ttyACM0", usbVendor: 0x1EAB,
        usbProduct: 0x8306)

    @Test("a bound device is ready, absent when unplugged with its role kept, and ready again when replugged")
    func plugCycle() async throws {
        let changes = Mutex<[String]>([])
        let clock = ManualClock(Date(timeIntervalSince1970: 1_796_000_000))
        let registry = DeviceRegistry(
            catalog: try Self.catalog, roles: [DeviceRole(id: "K1.scanner", profile: "scanners/newland-cdc-acm-1eab-8306")],
            clock: clock.read,
            onChange: { status in changes.withLock { $0.append("\(status.id) \(status.state.rawValue)") } })
        #expect(await registry.status("K1.scanner")?.state == .absent)
        await registry.added(Self.scanner)
        await registry.added(Self.scanner)  // enumeration and a monitor event may both report it
        #expect(await registry.status("K1.scanner")?.state == .ready)
        clock.advance(by: 5)
        await registry.removed(syspath: Self.scanner.syspath)
        let gone = try #require(await registry.status("K1.scanner"))
        #expect(gone.state == .absent && gone.reason == "unplugged" && gone.since == clock.now)
        await registry.added(Self.scanner)
        #expect(await registry.status("K1.scanner")?.state == .ready)
        #expect(changes.withLock { $0 } == ["K1.scanner ready", "K1.scanner absent", "K1.scanner ready"])
    }

    @Test("a device that keeps failing is degraded, then faulted with a reason, and recovers; others keep working")
    func faults() async throws {
        let reader = DiscoveredDevice(
            syspath: "/sys/devices/usb1/1-1", subsystem: "usb", devnode: "/dev/bus/usb/001/002", usbVendor: 0x0400, usbProduct: 0xC35A)
        let registry = DeviceRegistry(
            catalog: try Self.catalog,
            roles: [
                DeviceRole(id: "K1.scanner", profile: "scanners/newland-cdc-acm-1eab-8306"),
                DeviceRole(id: "K1.reader", profile: "id-readers/generic-sam-usb-0400-c35a"),
            ])
        await registry.added(Self.scanner)
        await registry.added(reader)
        await registry.noteError("K1.scanner", "garbage: 64 bytes without a line end")
        #expect(await registry.status("K1.scanner")?.state == .degraded)
        for _ in 0..<4 { await registry.noteError("K1.scanner", "garbage: 64 bytes without a line end") }
        let faulted = try #require(await registry.status("K1.scanner"))
        #expect(faulted.state == .faulted)
        #expect(faulted.reason.hasPrefix("5 errors in 10 s"))
        #expect(faulted.errors == 5)
        #expect(await registry.status("K1.reader")?.state == .ready)
        await registry.noteRecovered("K1.scanner")
        #expect(await registry.status("K1.scanner")?.state == .ready)
    }

    @Test("a device no profile knows is listed as unknown and not bound; a known one without a role is listed unbound")
    func unknownAndUnbound() async throws {
        let registry = DeviceRegistry(catalog: try Self.catalog, roles: [])
        await registry.added(
            DiscoveredDevice(
                syspath: "/sys/x/1-9", subsystem: "usb", devnode: "/dev/bus/usb/001/009", usbVendor: 0x1234, usbProduct: 0x5678))
        await registry.added(Self.scanner)
        let statuses = await registry.statuses
        try #require(statuses.map(\.id) == ["scanners/newland-cdc-acm-1eab-8306@ttyACM0", "unknown@009"])
        #expect(statuses.allSatisfy { $0.role == nil })
        #expect(statuses[1].state == .unknown)
    }

    @Test("a device the daemon cannot open is faulted with what to do")
    func probeFault() async throws {
        let registry = DeviceRegistry(
            catalog: try Self.catalog, roles: [DeviceRole(id: "K1.scanner", profile: "scanners/newland-cdc-acm-1eab-8306")],
            probe: { _, _ in "cannot open /dev/ttyACM0 (Permission denied): install the udev rules" })
        await registry.added(Self.scanner)
        let status = try #require(await registry.status("K1.scanner"))
        #expect(status.state == .faulted)
        #expect(status.reason.contains("udev rules"))
    }
}
