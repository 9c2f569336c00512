import Foundation
import HallClient

#if canImport(Glibc)
import Glibc
#endif

/// A real `hallqd` started for a test or a benchmark: its own configuration and data
/// directory, a system-chosen port, readiness taken from sd_notify as systemd would; it dies
/// with the process that started it.
public final class DaemonProcess {
    public let directory: URL
    public let configPath: String
    public private(set) var process: Process
    public private(set) var port = 0
    public private(set) var startToReady: Duration = .zero
    public let notify: NotifySocket
    private let outputPath: String
    private let environment: [String: String]

    /// The built `hallqd` beside the running test or benchmark binary.
    public static func binary(_ name: String = "hallqd") throws -> URL {
        if let path = ProcessInfo.processInfo.environment["HALLQD_BIN_DIR"] {
            return URL(fileURLWithPath: path).appendingPathComponent(name)
        }
        let me = URL(fileURLWithPath: try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
        var directory = me.deletingLastPathComponent()
        // A test bundle on Linux is itself a directory-less executable in the build folder;
        // on some layouts it sits one level deeper.
        for _ in 0..<3 {
            let candidate = directory.appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        throw HarnessError("no \(name) binary near \(me.path): run `swift build` first")
    }

    /// Writes `yaml` (where `{data}` stands for the data directory) and starts the daemon.
    public init(yaml: String, directory: URL? = nil, environment: [String: String] = [:]) throws {
        let directory = directory ?? FileManager.default.temporaryDirectory.appendingPathComponent("hallqd-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        self.directory = directory
        configPath = directory.appendingPathComponent("hall.yaml").path
        outputPath = directory.appendingPathComponent("hallqd.log").path
        try yaml.replacingOccurrences(of: "{data}", with: directory.appendingPathComponent("data").path)
            .write(toFile: configPath, atomically: true, encoding: .utf8)
        notify = try NotifySocket(path: directory.appendingPathComponent("notify.sock").path)
        self.environment = environment
        process = Process()
        try start()
    }

    /// Starts (or restarts) the daemon and waits for READY=1.
    public func start(timeout: TimeInterval = 20) throws {
        process = Process()
        process.executableURL = try Self.binary()
        process.arguments = ["--config", configPath]
        var variables = ProcessInfo.processInfo.environment
        variables["NOTIFY_SOCKET"] = notify.path
        for (key, value) in environment { variables[key] = value }
        process.environment = variables
        FileManager.default.createFile(atPath: outputPath, contents: nil)
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
        output.seekToEndOfFile()
        process.standardOutput = output
        process.standardError = output
        let started = ContinuousClock.now
        try ChildProcess.run(process)
        guard let ready = notify.waitFor("READY=1", timeout: timeout) else {
            process.terminate()
            throw HarnessError("hallqd did not report READY=1 within \(timeout) s; its output:\n\(log)")
        }
        startToReady = ContinuousClock.now - started
        guard let status = ready.split(separator: "\n").first(where: { $0.hasPrefix("STATUS=listening on ") }),
            let port = Int(status.split(separator: ":").last ?? "")
        else { throw HarnessError("READY without the listening address: \(ready)") }
        self.port = port
    }

    public var log: String { (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "" }

    public var journalPath: String { directory.appendingPathComponent("data/journal.sqlite").path }

    public func connection(timeout: TimeInterval = 10) -> HTTPConnection {
        HTTPConnection(host: "127.0.0.1", port: port, timeout: timeout)
    }

    /// Waits until the daemon lists these devices as ready (GET /api/v1/devices).
    public func waitForDevices(_ ids: Set<String>, token: String, timeout: TimeInterval = 15) throws {
        let deadline = Date().addingTimeInterval(timeout)
        var ready: Set<String> = []
        while Date() < deadline {
            let answer = try connection().request("GET", "/api/v1/devices", token: token)
            let devices = (try? JSONSerialization.jsonObject(with: answer.body)) as? [[String: Any]] ?? []
            ready = Set(devices.filter { $0["state"] as? String == "ready" }.compactMap { $0["id"] as? String })
            if ids.isSubset(of: ready) { return }
            usleep(20_000)
        }
        throw HarnessError("devices \(ids.subtracting(ready).sorted()) not ready within \(timeout) s")
    }

    /// Sends a signal: SIGKILL for a crash, SIGTERM for a stop, SIGHUP for a reload.
    public func signal(_ number: Int32) { kill(process.processIdentifier, number) }

    /// Waits for the process to end and returns its exit status.
    @discardableResult
    public func waitForExit(timeout: TimeInterval = 20) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        return process.isRunning ? nil : process.terminationStatus
    }

    /// Resident memory of the running daemon, in KiB, from /proc.
    public var residentKiB: Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") })
        else { return nil }
        return Int(line.split(separator: " ").dropFirst().first ?? "")
    }

    /// Whether the daemon maps the Swift runtime from shared libraries (a build without
    /// `--static-swift-stdlib`), which costs about 10 MiB of resident code.
    public var mapsSharedSwiftRuntime: Bool {
        // Read to the end: String(contentsOfFile:) did not return the whole of this /proc file.
        let maps = FileHandle(forReadingAtPath: "/proc/\(process.processIdentifier)/maps")?.readDataToEndOfFile() ?? Data()
        return String(decoding: maps, as: UTF8.self).contains("/libswiftCore.so")
    }

    deinit {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }
}
