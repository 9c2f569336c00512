import Foundation
import HallLinux

#if canImport(Glibc)
import Glibc
#endif

/// A CUPS scheduler of its own on a free loopback port, in a temporary directory, with a
/// stand-in ticket printer backend (`hallprinter:/<queue>`): each job's bytes land in
/// `output/<queue>-<job>.bin`, and writing a printer-state-reason into `output/<queue>.fault`
/// makes the printer report it and stop with the job kept (`media-empty-error`: out of paper),
/// or, for `offline-report`, hold the job until the fault file is gone (a printer switched off).
/// Runs as root, as the printing tests do in CI.
public final class PrivateCupsd {
    public let directory: URL
    public let port: Int
    public var server: String { "127.0.0.1:\(port)" }
    public var output: URL { directory.appendingPathComponent("output") }
    private let process: Process

    /// In a new temporary directory on a free port, or (for the demo) in `folder` on `port`.
    public init(in folder: URL? = nil, port fixedPort: Int? = nil) throws {
        directory = folder ?? FileManager.default.temporaryDirectory.appendingPathComponent("cupsd-\(UUID().uuidString.prefix(8))")
        port = try fixedPort ?? Self.freePort()
        let manager = FileManager.default
        // A fixed folder holds the last run's scheduler state: start afresh.
        if folder != nil { try? manager.removeItem(at: directory) }
        for folder in ["conf", "cache", "state", "spool", "tmp", "log", "output", "bin/backend"] {
            try manager.createDirectory(at: directory.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        let bin = directory.appendingPathComponent("bin")
        for backend in (try? manager.contentsOfDirectory(atPath: "/usr/lib/cups/backend")) ?? [] {
            try manager.createSymbolicLink(
                atPath: bin.appendingPathComponent("backend/\(backend)").path, withDestinationPath: "/usr/lib/cups/backend/\(backend)")
        }
        for part in ["daemon", "notifier", "filter"] where manager.fileExists(atPath: "/usr/lib/cups/\(part)") {
            try manager.createSymbolicLink(atPath: bin.appendingPathComponent(part).path, withDestinationPath: "/usr/lib/cups/\(part)")
        }
        let backend = bin.appendingPathComponent("backend/hallprinter").path
        try Self.backend(output: directory.appendingPathComponent("output").path).write(toFile: backend, atomically: true, encoding: .utf8)
        // Mode 0700 and owned by root: CUPS then runs it as root, as a USB backend runs.
        chmod(backend, 0o700)
        let root = directory.path
        try """
        ServerRoot \(root)/conf
        CacheDir \(root)/cache
        StateDir \(root)/state
        RequestRoot \(root)/spool
        TempDir \(root)/tmp
        AccessLog \(root)/log/access_log
        ErrorLog \(root)/log/error_log
        PageLog \(root)/log/page_log
        FileDevice Yes
        User lp
        Group lp
        SystemGroup root lpadmin
        ServerBin \(root)/bin
        DataDir /usr/share/cups

        """.write(toFile: "\(root)/conf/cups-files.conf", atomically: true, encoding: .utf8)
        try """
        Listen 127.0.0.1:\(port)
        Browsing No
        DefaultAuthType None
        WebInterface No
        LogLevel warn
        <Location />
          Order allow,deny
          Allow all
        </Location>
        <Location /admin>
          Order allow,deny
          Allow all
        </Location>
        <Policy default>
          <Limit All>
            Order deny,allow
            Allow all
          </Limit>
        </Policy>

        """.write(toFile: "\(root)/conf/cupsd.conf", atomically: true, encoding: .utf8)
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/cupsd")
        process.arguments = ["-f", "-c", "\(root)/conf/cupsd.conf", "-s", "\(root)/conf/cups-files.conf"]
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(10)
        while !Self.answers(port: port) {
            guard Date() < deadline, process.isRunning else { throw HarnessError("cupsd did not start; see \(root)/log/error_log") }
            usleep(50_000)
        }
    }

    deinit { stop() }

    /// SIGKILL: a child of the test runner inherits a blocked SIGTERM, and this scheduler's
    /// state is thrown away anyway.
    public func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    /// Adds a raw queue printing to the stand-in printer.
    public func addQueue(_ name: String) throws {
        let result = try run("/usr/sbin/lpadmin", ["-h", server, "-p", name, "-E", "-v", "hallprinter:/\(name)"])
        guard result.status == 0 else { throw HarnessError("lpadmin failed: \(result.output)") }
    }

    /// The printer reports `reason` (and stops) from its next job on; nil puts it right again.
    public func setFault(_ queue: String, _ reason: String?) throws {
        let file = output.appendingPathComponent("\(queue).fault")
        if let reason {
            try reason.write(to: file, atomically: true, encoding: .utf8)
        } else {
            try? FileManager.default.removeItem(at: file)
            _ = try run("/usr/sbin/cupsenable", ["-h", server, queue])
        }
    }

    /// The jobs the stand-in printer has printed for a queue, in job order.
    public func printed(_ queue: String) -> [[UInt8]] {
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: output.path)) ?? [])
            .filter { $0.hasPrefix("\(queue)-") && $0.hasSuffix(".bin") }
            .sorted { Int($0.dropFirst(queue.count + 1).dropLast(4)) ?? 0 < Int($1.dropFirst(queue.count + 1).dropLast(4)) ?? 0 }
        return files.compactMap { try? Array(Data(contentsOf: output.appendingPathComponent($0))) }
    }

    /// Runs a CUPS command-line tool against this scheduler.
    public func run(_ tool: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        try runProgram(URL(fileURLWithPath: tool), arguments, environment: ["CUPS_SERVER": server])
    }

    static func backend(output: String) -> String {
        """
        #!/bin/sh
        # HallQueue's stand-in ticket printer (a CUPS backend): job bytes to a file, faults on demand.
        out='\(output)'
        if [ $# -eq 0 ]; then echo 'direct hallprinter "Unknown" "HallQueue stand-in printer"'; exit 0; fi
        queue=${DEVICE_URI##*/}
        if [ -f "$out/$queue.fault" ]; then
          reason=$(cat "$out/$queue.fault")
          echo "STATE: +$reason" >&2
          if [ "$reason" != offline-report ]; then echo "ERROR: $reason" >&2; exit 4; fi
          # Switched off or unplugged: wait for the printer with the job, as CUPS's usb backend does.
          while [ -f "$out/$queue.fault" ]; do sleep 0.1; done
        fi
        echo "STATE: -media-empty-error,offline-report" >&2
        if [ -n "$6" ]; then cat "$6" > "$out/$queue-$1.part"; else cat > "$out/$queue-$1.part"; fi
        mv "$out/$queue-$1.part" "$out/$queue-$1.bin"

        """
    }

    public static func freePort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer -> Int32 in
                guard bind(descriptor, pointer, length) == 0 else { return -1 }
                return getsockname(descriptor, pointer, &length)
            }
        }
        guard bound == 0 else { throw HarnessError("no free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func answers(port: Int) -> Bool {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }
}
