import Foundation
import HallLinux

#if canImport(Glibc)
import Glibc
#endif

/// A CUPS scheduler of its own in a temporary directory, listening on a UNIX socket there (no
/// port to race another test for, and no other test's scheduler to reach by mistake), with a
/// stand-in ticket printer backend (`hallprinter:/<queue>`): the queue's n-th printed job lands
/// in `output/<queue>-<n>.bin`, and writing a printer-state-reason into `output/<queue>.fault`
/// makes the printer report it and stop with the job kept (`media-empty-error`: out of paper),
/// or, for `offline-report`, hold the job until the fault file is gone (a printer switched off).
/// Runs as root, as the printing tests do in CI; cupsd dies with the process that started it.
public final class PrivateCupsd {
    public let directory: URL
    /// Where clients reach it: the socket's path, or `host:port` when asked for one (the demo).
    public let server: String
    public var output: URL { directory.appendingPathComponent("output") }
    private var process = Process()

    /// In a new temporary directory, or (for the demo) in `folder`; listening on
    /// `<directory>/cups.sock`, or on `listen` (a socket's path or `host:port`).
    public init(in folder: URL? = nil, listen: String? = nil) throws {
        directory = folder ?? FileManager.default.temporaryDirectory.appendingPathComponent("cupsd-\(UUID().uuidString.prefix(8))")
        server = listen ?? directory.appendingPathComponent("cups.sock").path
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
        // DirtyCleanInterval 0: queues and jobs are on disk at once, so that a scheduler killed
        // and started again (restart()) comes back with them, as the system's does in time.
        try """
        Listen \(server)
        Browsing No
        DefaultAuthType None
        WebInterface No
        LogLevel warn
        DirtyCleanInterval 0
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
        try start()
    }

    /// Starts the scheduler and waits until it answers.
    private func start() throws {
        let root = directory.path
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/cupsd")
        process.arguments = ["-f", "-c", "\(root)/conf/cupsd.conf", "-s", "\(root)/conf/cups-files.conf"]
        process.standardError = FileHandle.nullDevice
        try ChildProcess.run(process)
        let deadline = Date().addingTimeInterval(10)
        while !answers {
            guard Date() < deadline, process.isRunning else { throw HarnessError("cupsd did not start; see \(root)/log/error_log") }
            usleep(50_000)
        }
    }

    /// The scheduler started again after a stop or a crash, with the queues and jobs it kept,
    /// or having lost its jobs (their files and its job cache, and so its job numbers).
    public func restart(forgettingJobs: Bool = false) throws {
        stop()
        if forgettingJobs {
            let manager = FileManager.default
            let spool = directory.appendingPathComponent("spool")
            for file in (try? manager.contentsOfDirectory(atPath: spool.path)) ?? [] where file.hasPrefix("c") || file.hasPrefix("d") {
                try manager.removeItem(at: spool.appendingPathComponent(file))
            }
            try? manager.removeItem(at: directory.appendingPathComponent("cache/job.cache"))
        }
        try start()
    }

    /// cupsd's process id, while it runs.
    public var processIdentifier: Int32? { process.isRunning ? process.processIdentifier : nil }

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

    /// The scheduler crashes (SIGKILL) a second after `queue`'s next job reaches the printer:
    /// it has accepted the job, told its client so, and not printed it.
    public func crashOnNextJob(_ queue: String) throws {
        try "".write(to: output.appendingPathComponent("\(queue).crash"), atomically: true, encoding: .utf8)
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

    /// The jobs the stand-in printer has printed for a queue, in the order it printed them.
    public func printed(_ queue: String) -> [[UInt8]] {
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: output.path)) ?? [])
            .filter { $0.hasPrefix("\(queue)-") && $0.hasSuffix(".bin") }
            .sorted { Int($0.dropFirst(queue.count + 1).dropLast(4)) ?? 0 < Int($1.dropFirst(queue.count + 1).dropLast(4)) ?? 0 }
        return files.compactMap { try? Array(Data(contentsOf: output.appendingPathComponent($0))) }
    }

    /// The job printed `index`th (from 0) for a queue; an error, not a crash, when there is none.
    public func printed(_ queue: String, job index: Int) throws -> [UInt8] {
        let jobs = printed(queue)
        guard jobs.indices.contains(index) else { throw HarnessError("\(queue) printed \(jobs.count) jobs, not \(index + 1)") }
        return jobs[index]
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
        # The scheduler dies once it has answered for the job (its client has the job id).
        if [ -f "$out/$queue.crash" ]; then rm -f "$out/$queue.crash"; sleep 1; kill -KILL "$PPID"; exit 1; fi
        if [ -f "$out/$queue.fault" ]; then
          reason=$(cat "$out/$queue.fault")
          echo "STATE: +$reason" >&2
          if [ "$reason" != offline-report ]; then echo "ERROR: $reason" >&2; exit 4; fi
          # Switched off or unplugged: wait for the printer with the job, as CUPS's usb backend
          # does, while the scheduler lives.
          while [ -f "$out/$queue.fault" ] && kill -0 "$PPID" 2>/dev/null; do sleep 0.1; done
        fi
        echo "STATE: -media-empty-error,offline-report" >&2
        # Numbered in the order jobs reach the printer (one at a time per queue): a scheduler
        # that lost its jobs may give a job number again.
        n=1
        while [ -e "$out/$queue-$n.bin" ]; do n=$((n + 1)); done
        if [ -n "$6" ]; then cat "$6" > "$out/$queue-$n.part"; else cat > "$out/$queue-$n.part"; fi
        mv "$out/$queue-$n.part" "$out/$queue-$n.bin"

        """
    }

    /// Whether a scheduler answers at `server`: connecting to a socket in this scheduler's own
    /// directory can only reach this scheduler.
    private var answers: Bool {
        do {
            _ = try CupsQueue(name: "-", server: server).printerState()
            return true
        } catch {
            // No such queue is an answer too.
            return !error.gone
        }
    }
}
