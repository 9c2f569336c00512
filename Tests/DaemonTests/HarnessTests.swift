import Foundation
import HallTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The harness itself: what a test run starts must not outlive it, however it ends.
@Suite("The test harness's children", .serialized)
struct HarnessTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized.path

    /// A process as /proc shows it: its start time tells it apart from a later one given the
    /// same number.
    struct Running: Hashable, CustomStringConvertible {
        var pid: Int32
        var name: String
        var started: String
        var description: String { "\(name) (\(pid))" }
    }

    /// Every process but the zombies (dead, waiting to be reaped), with its parent's number.
    static func processes() -> [(process: Running, parent: Int32)] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap { entry in
            guard let pid = Int32(entry), let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                let open = stat.firstIndex(of: "("), let close = stat.lastIndex(of: ")")
            else { return nil }
            // After the name: the state, the parent, ... and the start time, the 20th.
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 19, fields[0] != "Z", let parent = Int32(fields[1]) else { return nil }
            return (Running(pid: pid, name: String(stat[stat.index(after: open)..<close]), started: String(fields[19])), parent)
        }
    }

    static func descendants(of pid: Int32) -> Set<Running> {
        let all = processes()
        var found: Set<Running> = []
        var parents: Set<Int32> = [pid]
        while true {
            let children = all.filter { parents.contains($0.parent) && !found.contains($0.process) }.map(\.process)
            if children.isEmpty { return found }
            found.formUnion(children)
            parents.formUnion(children.map(\.pid))
        }
    }

    @Test(
        "hallqd, cupsd and Chromium started by a benchmark, and the cupsd of hallsim, die when the process that started them is killed",
        arguments: [
            (["hallbench", "--only", "printing"], ["hallqd", "cupsd"]),
            (["hallbench", "--only", "display"], ["hallqd", "chromium"]),
            (["hallsim", "--config", "{demo}"], ["cupsd"]),
        ])
    func childrenDieWithTheHarness(command: [String], expected: [String]) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("harness-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        // The demo hall, its data and its stand-in printers' scheduler in a folder of this test's.
        let demo = directory.appendingPathComponent("hall.yaml").path
        try DemoHall.yaml(
            root: Self.root, data: directory.appendingPathComponent("data").path, cups: "\(directory.path)/data/cups/cups.sock"
        )
        .write(toFile: demo, atomically: true, encoding: .utf8)

        let helper = Process()
        helper.executableURL = try DaemonProcess.binary(command[0])
        helper.arguments = command.dropFirst().map { $0 == "{demo}" ? demo : $0 }
        helper.currentDirectoryURL = URL(fileURLWithPath: Self.root)
        helper.standardOutput = FileHandle.nullDevice
        try ChildProcess.run(helper)
        defer {
            if helper.isRunning { kill(helper.processIdentifier, SIGKILL) }
        }
        var children: Set<Running> = []
        let started = eventually(60) {
            children = Self.descendants(of: helper.processIdentifier)
            return expected.allSatisfy { name in children.contains { $0.name == name } }
        }
        try #require(started, "\(command.joined(separator: " ")) started \(children.sorted { $0.pid < $1.pid }), not all of \(expected)")

        kill(helper.processIdentifier, SIGKILL)
        helper.waitUntilExit()
        var left: Set<Running> = []
        #expect(
            eventually(15) {
                left = children.intersection(Self.processes().map(\.process))
                return left.isEmpty
            }, "still running after \(command[0]) was killed: \(left.sorted { $0.pid < $1.pid })")
        for survivor in left { kill(survivor.pid, SIGKILL) }
    }
}
