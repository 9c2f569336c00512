import ArgumentParser
import Foundation
import HallClient
import HallCore
import HallProtocols
import HallTesting
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Measures the figures the issues name: durable tickets over HTTP, call-next with 100,000
/// waiting, idle memory and start-to-ready time (#2); card read and scan to the kiosk's event
/// (#4). Build with `-c release`.
@main
struct Hallbench: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "hallbench", abstract: "HallQueue benchmarks.")

    @Option(help: "Seconds of ticket issuing over HTTP.") var seconds = 10.0
    @Option(help: "Concurrent HTTP clients.") var clients = 8
    @Option(help: "Tickets waiting for the call-next measurement.") var waiting = 100_000
    @Option(help: "The demo hall configuration, for memory and start-up.") var demo = "examples/demo-hall.yaml"
    @Option(help: "Run one benchmark only: issue, call-next, demo, kiosk, printing, boards, display, sign-in or phones.") var only: String?

    func run() throws {
        #if DEBUG
        print("warning: a debug build; figures are only meaningful with -c release")
        #endif
        let benchmarks: [(String, () throws -> Void)] = [
            ("issue", issueOverHTTP), ("call-next", callNext), ("demo", demoHall), ("kiosk", kioskInput), ("printing", printing),
            ("phones", phones),
            ("boards", boards), ("display", display), ("sign-in", signIn),
        ]
        guard only == nil || benchmarks.contains(where: { $0.0 == only }) else {
            throw ValidationError("--only takes \(benchmarks.map(\.0).joined(separator: ", "))")
        }
        for (name, benchmark) in benchmarks where only == nil || only == name { try benchmark() }
    }

    /// From a card's read reply leaving the simulated reader, and from a scan's last byte
    /// leaving the simulated scanner, to the kiosk's event arriving on the event stream: the
    /// daemon's decoding, masking and hashing, the journal's fsync and the stream.
    func kioskInput() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bench-kiosk-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let reader = try IDReaderSimulator(link: directory.appendingPathComponent("reader").path)
        let scanner = try SerialScannerSimulator(link: directory.appendingPathComponent("scanner").path)
        defer { reader.stop() }
        let yaml = """
            hall: {name: 基准大厅, data_directory: "{data}", devices_directory: "\(devicesDirectory)"}
            api: {listen: "127.0.0.1:0", tokens: {admin: bench-admin-token, display: bench-display-token}}
            services:
              - {id: s0, name: 事项0, prefix: A}
            windows:
              - {number: 1, services: [s0]}
            kiosks:
              - id: K1
                devices:
                  - {role: reader, profile: id-readers/generic-sam-ch340-serial, path: "\(reader.path)"}
                  - {role: scanner, profile: scanners/newland-cdc-acm-1eab-8306, path: "\(scanner.path)"}
            """
        let daemon = try DaemonProcess(yaml: yaml, directory: directory)
        defer {
            daemon.signal(SIGTERM)
            daemon.waitForExit()
        }
        try daemon.waitForDevices(["K1.reader", "K1.scanner"], token: "bench-admin-token")
        let events = try EventStreamReader(port: daemon.port, token: "bench-display-token")
        func milliseconds(_ duration: Duration) -> Double { duration / .milliseconds(1) }

        var cards: [Double] = []
        let card = IDCardText(
            name: "张小三", sex: .male, nationCode: 1, birthDate: "19491231", address: "北京市东城区景山前街4号",
            number: "11010519491231002X", authority: "北京市公安局东城分局", validFrom: "20150101", validTo: nil)
        for _ in 0..<30 {
            reader.place(card)
            try events.waitFor("kiosk.identified")
            let arrived = ContinuousClock.now
            if let replied = reader.lastReadReplyAt { cards.append(milliseconds(arrived - replied)) }
            reader.lift()
            reader.waitForPolls(3)
        }

        let count = 200
        let start = Date().addingTimeInterval(-60).formatted(.iso8601)
        let end = Date().addingTimeInterval(1800).formatted(.iso8601)
        let bookings = (0..<count).map { #"{"code":"B\#($0)","service":"s0","start":"\#(start)","end":"\#(end)"}"# }
        let body = Data(#"{"appointments":[\#(bookings.joined(separator: ","))]}"#.utf8)
        _ = try daemon.connection().request("POST", "/api/v1/appointments", json: body, token: "bench-admin-token")
        var scans: [Double] = []
        for index in 0..<count {
            let sent = ContinuousClock.now
            scanner.scan("B\(index)")
            try events.waitFor("ticket.issued")
            scans.append(milliseconds(ContinuousClock.now - sent))
        }
        cards.sort()
        scans.sort()
        print("kiosk input through the real daemon (PTY simulators, journal fsync per event)")
        print(
            "  card:         read reply → kiosk.identified on the event stream: p50 \(Self.format(Self.percentile(cards, 0.5))) ms, p99 \(Self.format(Self.percentile(cards, 0.99))) ms, max \(Self.format(cards.last ?? 0)) ms over \(cards.count) cards"
        )
        print("                (a card waits for the reader's next poll before that: up to poll_interval_ms, 300 ms in the CH340 profile)")
        print(
            "  scan:         last byte → ticket.issued (check-in) on the event stream: p50 \(Self.format(Self.percentile(scans, 0.5))) ms, p99 \(Self.format(Self.percentile(scans, 0.99))) ms, max \(Self.format(scans.last ?? 0)) ms over \(scans.count) scans"
        )
    }

    /// Durable ticket issuing: `clients` keep-alive connections issuing as fast as they can.
    func issueOverHTTP() throws {
        let yaml = """
            hall: {name: 基准大厅, data_directory: "{data}"}
            api: {listen: "127.0.0.1:0", tokens: {admin: bench-admin-token, kiosk: bench-kiosk-token}}
            services:
            \((0..<20).map { "  - {id: s\($0), name: 事项\($0), prefix: \(Self.prefix($0))}" }.joined(separator: "\n"))
            windows:
              - {number: 1, services: [s0]}
            """
        let daemon = try DaemonProcess(yaml: yaml)
        let latencies = Mutex<[Double]>([])
        let failures = Atomic<Int>(0)
        let deadline = Date().addingTimeInterval(seconds)
        let group = DispatchGroup()
        let started = ContinuousClock.now
        let port = daemon.port
        for client in 0..<clients {
            group.enter()
            Thread.detachNewThread {
                defer { group.leave() }
                let connection = HTTPConnection(host: "127.0.0.1", port: port)
                var mine: [Double] = []
                var index = client
                while Date() < deadline {
                    index += clients
                    let body = Data(#"{"service":"s\#(index % 20)"}"#.utf8)
                    let before = ContinuousClock.now
                    let response = try? connection.request("POST", "/api/v1/tickets", json: body, token: "bench-kiosk-token")
                    let elapsed = ContinuousClock.now - before
                    if response?.status == 201 {
                        mine.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)
                    } else {
                        failures.add(1, ordering: .relaxed)
                    }
                }
                latencies.withLock { $0 += mine }
            }
        }
        group.wait()
        let elapsed = ContinuousClock.now - started
        let sorted = latencies.withLock { $0 }.sorted()
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print("durable ticket issuing over HTTP, \(clients) clients, \(String(format: "%.1f", seconds)) s (journal fsync per group commit)")
        print("  tickets:      \(sorted.count) acknowledged, \(failures.load(ordering: .relaxed)) failed")
        print("  throughput:   \(String(format: "%.0f", Double(sorted.count) / seconds)) tickets/s   (target ≥ 5000)")
        print(
            "  latency:      p50 \(Self.format(Self.percentile(sorted, 0.50))) ms, p99 \(Self.format(Self.percentile(sorted, 0.99))) ms, max \(Self.format(sorted.last ?? 0)) ms"
        )
        daemon.signal(SIGTERM)
        daemon.waitForExit()
    }

    /// Call-next in the queue core with `waiting` tickets across 20 services, kept at that
    /// level by issuing one ticket for each one called.
    func callNext() {
        let services = (0..<20).map { Service(id: "s\($0)", nameZh: "事项\($0)", nameEn: "S\($0)", prefix: Self.prefix($0)) }
        // Each window serves three services, as comprehensive windows do.
        let windows = (0..<20).map {
            Window(number: $0 + 1, name: "\($0 + 1)", services: [$0, ($0 + 7) % 20, ($0 + 13) % 20].map { "s\($0)" })
        }
        var hall = Hall(definition: HallDefinition(name: "基准", services: services, windows: windows))
        var now = Date()
        var random = SeededGenerator(seed: 42)
        func issue(_ index: Int) {
            let priority: PriorityClass = random.next() % 10 == 0 ? .green : (random.next() % 10 == 0 ? .appointment : .normal)
            _ = hall.handle(.issue(service: "s\(index % 20)", priority: priority, channel: .kiosk), at: now)
        }
        for index in 0..<waiting { issue(index) }
        var samples: [Double] = []
        let calls = 20_000
        for index in 0..<calls {
            now += 0.01
            let before = ContinuousClock.now
            _ = hall.handle(.callNext(window: index % 20 + 1), at: now)
            let elapsed = ContinuousClock.now - before
            samples.append(Double(elapsed.components.attoseconds) / 1e12)
            issue(index)
        }
        samples.sort()
        print("call-next in the queue core, \(hall.waitingCount) waiting across 20 services, \(calls) calls")
        print(
            "  latency:      p50 \(Self.format(Self.percentile(samples, 0.5))) µs, p99 \(Self.format(Self.percentile(samples, 0.99))) µs, max \(Self.format(samples.last ?? 0)) µs   (target p99 ≤ 1000 µs)"
        )
    }

    /// Idle memory and start-to-ready of the demo hall.
    func demoHall() throws {
        // The copy lives in a temporary directory: its data and device profiles are placed anew.
        let root = URL(fileURLWithPath: devicesDirectory).deletingLastPathComponent().standardized.path
        let yaml = try DemoHall.yaml(root: root, data: "{data}")
        let daemon = try DaemonProcess(yaml: yaml)
        var readies: [Double] = []
        for _ in 0..<10 {
            daemon.signal(SIGTERM)
            daemon.waitForExit()
            try daemon.start()
            readies.append(
                Double(daemon.startToReady.components.attoseconds) / 1e15 + Double(daemon.startToReady.components.seconds) * 1000)
        }
        // Serve a little, then let it idle.
        let connection = daemon.connection()
        for service in ["shebao", "huji", "zonghe"] {
            _ = try? connection.request(
                "POST", "/api/v1/tickets", json: Data(#"{"service":"\#(service)"}"#.utf8), token: "demo-kiosk-token")
        }
        _ = try? connection.request("GET", "/api/v1/services", token: "demo-admin-token")
        sleep(3)
        readies.sort()
        print("demo hall (\(demo))")
        let build =
            daemon.mapsSharedSwiftRuntime
            ? "the Swift runtime from shared libraries: build with --static-swift-stdlib for the release figure"
            : "the Swift runtime linked in"
        print("  idle RSS:     \(String(format: "%.1f", Double(daemon.residentKiB ?? 0) / 1024)) MiB   (target ≤ 40 MiB; \(build))")
        print(
            "  start→ready:  median \(Self.format(Self.percentile(readies, 0.5))) ms, max \(Self.format(readies.last ?? 0)) ms over 10 starts (process start to sd_notify READY=1; target ≤ 500 ms)"
        )
        daemon.signal(SIGTERM)
        daemon.waitForExit()
    }

    /// A kiosk ticket request to the last byte at a stand-in printer behind a private cupsd,
    /// beside `lp -o raw` of the same bytes to the same queue in the same run (needs root).
    func printing() throws {
        let cupsd = try PrivateCupsd()
        defer { cupsd.stop() }
        try cupsd.addQueue("K1")
        let yaml = """
            hall: {name: 基准大厅, data_directory: "{data}", devices_directory: "\(devicesDirectory)", layouts_directory: "\(devicesDirectory)/../Layouts", cups_server: "\(cupsd.server)"}
            api: {listen: "127.0.0.1:0", tokens: {admin: bench-admin-token, kiosk: bench-kiosk-token}}
            services:
              - {id: s0, name: 不动产登记, prefix: A}
            windows:
              - {number: 1, services: [s0]}
            kiosks:
              - id: K1
                devices:
                  - {role: printer, profile: printers/generic-escpos-80mm, path: K1}
            """
        let daemon = try DaemonProcess(yaml: yaml)
        defer {
            daemon.signal(SIGTERM)
            daemon.waitForExit()
        }
        try daemon.waitForDevices(["K1.printer"], token: "bench-admin-token")
        let connection = daemon.connection()
        func waitForJobs(_ count: Int) {
            while cupsd.printed("K1").count < count { usleep(500) }
        }
        let count = 200
        var tickets: [Double] = []
        for index in 0..<count {
            let started = ContinuousClock.now
            _ = try connection.request(
                "POST", "/api/v1/tickets", json: Data(#"{"service":"s0","kiosk":"K1"}"#.utf8), token: "bench-kiosk-token")
            waitForJobs(index + 1)
            tickets.append((ContinuousClock.now - started) / .milliseconds(1))
        }
        let job = cupsd.directory.appendingPathComponent("job.bin")
        try Data(cupsd.printed("K1")[0]).write(to: job)
        var lp: [Double] = []
        for index in 0..<count {
            let started = ContinuousClock.now
            _ = try cupsd.run("/usr/bin/lp", ["-h", cupsd.server, "-d", "K1", "-o", "raw", job.path])
            waitForJobs(count + index + 1)
            lp.append((ContinuousClock.now - started) / .milliseconds(1))
        }
        tickets.sort()
        lp.sort()
        let (p50, p99) = (Self.percentile(tickets, 0.5), Self.percentile(tickets, 0.99))
        let (lp50, lp99) = (Self.percentile(lp, 0.5), Self.percentile(lp, 0.99))
        print("kiosk ticket printing through a private cupsd and a stand-in printer, \(count) tickets")
        print("  ticket:       POST /api/v1/tickets → last byte at the printer: p50 \(Self.format(p50)) ms, p99 \(Self.format(p99)) ms")
        print("  lp -o raw:    the same bytes: p50 \(Self.format(lp50)) ms, p99 \(Self.format(lp99)) ms")
        print("  ratio:        p50 \(String(format: "%.2f", p50 / lp50)), p99 \(String(format: "%.2f", p99 / lp99))   (target ≤ 1.2)")
    }

    /// `Devices/` beside the demo configuration's folder.
    var devicesDirectory: String {
        URL(fileURLWithPath: demo).absoluteURL.deletingLastPathComponent().appendingPathComponent("../Devices").standardized.path
    }

    static func prefix(_ index: Int) -> String {
        let letters = Array("ABCDEFGHJKLMNPQRSTUV")
        return String(letters[index])
    }

    static func percentile(_ sorted: [Double], _ fraction: Double) -> Double {
        sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * fraction))]
    }

    static func format(_ value: Double) -> String { String(format: value < 10 ? "%.2f" : "%.1f", value) }
}
