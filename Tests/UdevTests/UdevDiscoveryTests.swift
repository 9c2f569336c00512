import Foundation
import HallCore
import HallDevices
import HallLinux
import Testing

/// Runs inside a umockdev testbed (scripts/test: `umockdev-run -d Tests/Fixtures/hall-devices.umockdev
/// -- swift test --filter UdevTests`); outside one it would see the machine's real devices,
/// so it fails rather than pass on them.
@Suite("udev discovery in a umockdev testbed")
struct UdevDiscoveryTests {
    static let profiles = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Devices").standardized
        .path

    @Test("enumeration finds the hall's devices, skips hubs and plain UARTs, and the registry binds each to its profile and role")
    func enumerationMatchesProfilesAndRoles() async throws {
        try #require(ProcessInfo.processInfo.environment["UMOCKDEV_DIR"] != nil, "run inside umockdev-run (see scripts/test)")
        let devices = UdevDiscovery().enumerate()
        let nodes = Set(devices.compactMap(\.devnode))
        #expect(nodes == ["/dev/bus/usb/001/002", "/dev/bus/usb/001/003", "/dev/ttyACM0", "/dev/input/event7", "/dev/bus/usb/001/005"])
        let scanner = try #require(devices.first { $0.devnode == "/dev/ttyACM0" })
        #expect(scanner.usbID == "1eab:8306")
        #expect(scanner.usbInterface == 0)

        let catalog = try ProfileCatalog.load(directory: Self.profiles)
        let roles = [
            DeviceRole(id: "K1.reader", profile: "id-readers/generic-sam-usb-0400-c35a"),
            DeviceRole(id: "K1.scanner", profile: "scanners/cino-hid-1fbb-3850"),
            DeviceRole(
                id: "K2.scanner", profile: "scanners/newland-cdc-acm-1eab-8306", properties: ["ID_PATH": "pci-0000:00:14.0-usb-0:2:1.0"]),
            DeviceRole(id: "K3.reader", profile: "id-readers/generic-sam-usb-0400-c35a"),
        ]
        let registry = DeviceRegistry(catalog: catalog, roles: roles, probe: DeviceProbe.check)
        for device in devices { await registry.added(device) }
        let statuses = Dictionary(uniqueKeysWithValues: await registry.statuses.map { ($0.id, $0) })
        #expect(statuses["K1.reader"]?.state == .ready)
        #expect(statuses["K1.reader"]?.path == "/dev/bus/usb/001/002")
        #expect(statuses["K1.scanner"]?.state == .ready)
        #expect(statuses["K2.scanner"]?.state == .ready)
        #expect(statuses["K2.scanner"]?.model == "CDC-ACM serial scanner 1eab:8306")
        // One reader is plugged in: the second reader role stays absent.
        #expect(statuses["K3.reader"]?.state == .absent)
        // A device no profile knows is listed, not bound.
        let unknown = try #require(statuses["unknown@005"])
        #expect(unknown.state == .unknown)
        #expect(unknown.role == nil)
        #expect(unknown.usbID == "1234:5678")
        #expect(statuses.count == 5, "\(statuses.keys.sorted())")
    }
}
