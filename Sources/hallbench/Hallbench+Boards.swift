import Foundation
import HallClient
import HallDevices
import HallTesting

#if canImport(Glibc)
import Glibc
#endif

extension Hallbench {
    /// Window screens on a simulated 9600 8N1 bus behind a PTY (#6): from the HTTP call to
    /// the first and last byte of that window's frame at the bus, in a hall of 64 windows;
    /// then a burst of 64 calls against the wire-time lower bound.
    func boards() throws {
        let root = URL(fileURLWithPath: devicesDirectory).deletingLastPathComponent().path
        let profile = try ProfileCatalog.load(directory: devicesDirectory).profile("boards/generic-a0-sum16")!
        let codec = profile.boardProtocol!
        let serial = profile.transport.serial!
        let timing = BoardBus.Timing(baud: serial.baud, bitsPerByte: serial.bitsPerByte)
        func hall(hallBoard: Bool, in base: URL = FileManager.default.temporaryDirectory) throws -> (BoardBusSimulator, DaemonProcess) {
            let directory = base.appendingPathComponent("bench-boards-\(UUID().uuidString.prefix(8))")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let simulator = try BoardBusSimulator(link: directory.appendingPathComponent("bus1").path, codec: codec, addresses: 1...65)
            // Refreshes every 10 minutes: the bus is idle when a call comes, so the first byte
            // measures the daemon, not a frame already on the wire.
            let daemon = try DaemonProcess(
                yaml: BoardHall.yaml(windows: 64, bus: simulator.path, root: root, refreshSeconds: 600, hallBoard: hallBoard),
                directory: directory)
            try daemon.waitForDevices(["bus1"], token: SmallHall.adminToken)
            while (1...64).contains(where: { simulator.shown($0) == "" }) { usleep(1000) }
            return (simulator, daemon)
        }
        // The daemon's own time from the call to its frame's first byte, as /api/v1/boards tells it.
        func callMilliseconds(_ window: Int, _ connection: HTTPConnection) throws -> Double {
            let boards =
                try JSONSerialization.jsonObject(with: connection.request("GET", "/api/v1/boards", token: SmallHall.adminToken).body)
                as? [[String: Any]]
            return boards?.first { $0["id"] as? String == "bus1.\(window)" }?["callMilliseconds"] as? Double ?? .infinity
        }
        func called(_ response: HTTPConnection.Response) -> String {
            let reply = try? JSONSerialization.jsonObject(with: response.body) as? [String: Any]
            return (reply?["called"] as? [String: Any])?["number"] as? String ?? ""
        }

        // Latency: one call at a time, the bus idle in between; with the journal on the disk, then
        // on tmpfs, where fsync costs nothing and what is left is the daemon's own time.
        let frameBytes = codec.encode("请A001号", address: 1).count
        let count = 400
        print("LED window screens on a 9600 8N1 bus (PTY), hall of 64 windows and a hall board, \(count) calls one at a time")
        for (place, base) in [
            ("journal on disk", FileManager.default.temporaryDirectory), ("journal on tmpfs", URL(fileURLWithPath: "/dev/shm")),
        ] {
            let (simulator, daemon) = try hall(hallBoard: true, in: base)
            let connection = daemon.connection()
            for _ in 0..<count {
                _ = try connection.request(
                    "POST", "/api/v1/tickets", json: Data(#"{"service":"shebao"}"#.utf8), token: SmallHall.adminToken)
            }
            var firstByte: [Double] = []
            var lastByte: [Double] = []
            var replies: [Double] = []
            var software: [Double] = []
            for index in 0..<count {
                let window = index % 64 + 1
                let started = ContinuousClock.now
                let number = called(try connection.request("POST", "/api/v1/windows/\(window)/call", token: SmallHall.adminToken))
                replies.append(Double((ContinuousClock.now - started) / .microseconds(1)) / 1000)
                // Wait on the board's text (a cheap look every 2 ms), not on the whole frame log,
                // so the waiting takes no CPU from the daemon on these two cores; the times
                // come from the simulator's own clock, not from this loop.
                while simulator.shown(window) != "请\(number)号" { usleep(2000) }
                let frame = simulator.received.last { $0.address == window && $0.text == "请\(number)号" }
                firstByte.append(Double((frame!.firstByteAt - started) / .microseconds(1)) / 1000)
                software.append(try callMilliseconds(window, connection))
                lastByte.append(Double((frame!.lastByteAt - started) / .microseconds(1)) / 1000 + timing.wireTime(frame!.bytes) * 1000)
                // Let the hall board's frame (about 90 bytes, 95 ms on the wire) pass before the next call.
                while !(simulator.shown(65) ?? "").hasPrefix("\(number) ") { usleep(2000) }
                let hallFrame = simulator.received.last { $0.address == 65 }?.bytes ?? 100
                usleep(useconds_t((timing.wireTime(hallFrame) + 0.01) * 1_000_000))
            }
            // The floor under every figure above: a request that does nothing, after the same pause.
            var floor: [Double] = []
            for _ in 0..<100 {
                usleep(100_000)
                let started = ContinuousClock.now
                _ = try connection.request("GET", "/healthz")
                floor.append(Double((ContinuousClock.now - started) / .microseconds(1)) / 1000)
            }
            daemon.signal(SIGTERM)
            daemon.waitForExit()
            simulator.stop()
            try? FileManager.default.removeItem(at: daemon.directory)
            firstByte.sort()
            lastByte.sort()
            replies.sort()
            software.sort()
            floor.sort()
            print("  \(place):")
            print(
                "    software:   the call made in the engine → write() of its frame's first byte, timed by the daemon: p50 \(Self.format(software[count / 2])) ms, p90 \(Self.format(Self.percentile(software, 0.9))) ms, p99 \(Self.format(Self.percentile(software, 0.99))) ms   (target p99 ≤ 2 ms)"
            )
            print(
                "    first byte: HTTP call → first byte of the window's frame at the PTY: p50 \(Self.format(firstByte[count / 2])) ms, p99 \(Self.format(Self.percentile(firstByte, 0.99))) ms"
            )
            print(
                "    HTTP reply: the call journalled and answered: p50 \(Self.format(replies[count / 2])) ms, p99 \(Self.format(Self.percentile(replies, 0.99))) ms"
            )
            print(
                "    floor:      GET /healthz after the same 0.1 s pause (loopback, wake-ups, HTTP): p50 \(Self.format(floor[50])) ms, p99 \(Self.format(Self.percentile(floor, 0.99))) ms"
            )
            print(
                "    last byte:  HTTP call → last byte on the wire (\(frameBytes)-byte frame, \(Self.format(timing.wireTime(frameBytes) * 1000)) ms of wire time): p50 \(Self.format(lastByte[count / 2])) ms, p99 \(Self.format(Self.percentile(lastByte, 0.99))) ms"
            )
        }

        // Burst: 64 calls at once on one bus of 64 window screens.
        let (simulator, daemon) = try hall(hallBoard: false)
        let connection = daemon.connection()
        for _ in 0..<64 {
            _ = try connection.request("POST", "/api/v1/tickets", json: Data(#"{"service":"shebao"}"#.utf8), token: SmallHall.adminToken)
        }
        simulator.clearLog()
        var numbers: [Int: String] = [:]
        for window in 1...64 {
            numbers[window] = called(try connection.request("POST", "/api/v1/windows/\(window)/call", token: SmallHall.adminToken))
        }
        while !(1...64).allSatisfy({ simulator.shown($0) == "请\(numbers[$0]!)号" }) { usleep(1000) }
        daemon.signal(SIGTERM)
        daemon.waitForExit()
        simulator.stop()
        let frames = simulator.received
        let busy =
            Double((frames.first!.firstByteAt.duration(to: frames.last!.lastByteAt)) / .microseconds(1)) / 1e6
            + timing.wireTime(frames.last!.bytes)
        let sentBytes = frames.reduce(0) { $0 + $1.bytes }
        let answerBytes = frames.count * profile.bytes("ack")!.count
        let bound = timing.wireTime(sentBytes)
        let boundWithAnswers = timing.wireTime(sentBytes + answerBytes)
        print(
            "  burst:        64 calls on one bus, \(frames.count) frames of \(sentBytes) bytes + \(answerBytes) answer bytes: \(Self.format(busy * 1000)) ms on the bus"
        )
        print(
            "                wire-time bound (frames × 10 bits / 9600) \(Self.format(bound * 1000)) ms → \(String(format: "%.3f", busy / bound))×;"
                + " with the boards' answers \(Self.format(boundWithAnswers * 1000)) ms → \(String(format: "%.3f", busy / boundWithAnswers))×   (target ≤ 1.10)"
        )
    }
}
