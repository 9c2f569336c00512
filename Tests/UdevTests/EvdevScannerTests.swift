import Foundation
import HallDevices
import HallLinux
import Synchronization
import Testing

/// A keyboard-wedge scanner at /dev/input/event7 of the testbed, typing the key events of
/// Tests/Fixtures/wedge-scans.events (scripts/test: `umockdev-run -e /dev/input/event7=...`).
@Suite("Keyboard-wedge scanner on umockdev's evdev replay")
struct EvdevScannerTests {
    static let profiles = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Devices").standardized
        .path

    @Test("shifted characters and two scans in quick succession come out as the two codes, with the device grabbed")
    func twoScans() throws {
        try #require(ProcessInfo.processInfo.environment["UMOCKDEV_DIR"] != nil, "run inside umockdev-run (see scripts/test)")
        let profile = try #require(try ProfileCatalog.load(directory: Self.profiles).profile("scanners/cino-hid-1fbb-3850"))
        let reports = Mutex<[DeviceReport]>([])
        let runner = DeviceRunner(
            role: DeviceRole(id: "K2.scanner", profile: profile.id, path: "/dev/input/event7"), kiosk: "K2", profile: profile
        ) { report in reports.withLock { $0.append(report) } }
        runner.start()
        defer { runner.stop() }
        func scans() -> [String] {
            reports.withLock { $0.compactMap { if case .scan(_, let code, _) = $0 { code } else { nil } } }
        }
        let deadline = Date().addingTimeInterval(10)
        while scans().count < 2 && Date() < deadline { usleep(10_000) }
        #expect(scans() == ["YY-2026-A7", "hall:Q+9"])
        let errors = reports.withLock { $0.compactMap { if case .error(_, let message) = $0 { message } else { nil } } }
        #expect(errors.isEmpty, "\(errors)")
    }
}
