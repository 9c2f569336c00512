import Foundation
import HallTesting
import Testing

@Suite("hallqd follows hot-plug in a umockdev testbed")
struct HotplugTests {
    @Test("an unplugged reader becomes absent within a second and is ready again, role kept, when replugged")
    func unplugAndReplug() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/umockdev-wrapper")
        process.arguments = [
            "/usr/bin/python3", root.appendingPathComponent("Tests/Hotplug/hotplug.py").path,
            "--hallqd", try DaemonProcess.binary().path, "--devices", root.appendingPathComponent("Devices").path, "--rounds", "3",
        ]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(output)")
        #expect(output.contains("OK"), "\(output)")
    }
}
