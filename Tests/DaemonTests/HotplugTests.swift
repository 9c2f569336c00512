import Foundation
import HallTesting
import Testing

@Suite("hallqd follows hot-plug in a umockdev testbed")
struct HotplugTests {
    @Test("an unplugged reader becomes absent within a second and is ready again, role kept, when replugged")
    func unplugAndReplug() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized
        let (status, output) = try DaemonFixture.run(
            executable: URL(fileURLWithPath: "/usr/bin/umockdev-wrapper"),
            [
                "/usr/bin/python3", root.appendingPathComponent("Tests/Hotplug/hotplug.py").path,
                "--hallqd", try DaemonProcess.binary().path, "--devices", root.appendingPathComponent("Devices").path, "--rounds", "3",
            ])
        #expect(status == 0, "\(output)")
        #expect(output.contains("OK"), "\(output)")
    }
}
