import Foundation
import HallDevices
import HallLinux
import HallProtocols
import HallTesting
import Synchronization
import Testing

/// The bus scheduler on a real serial port (a PTY) with a simulated bus of boards behind it.
@Suite("RS-485 bus of LED boards", .serialized)
struct BoardBusTests {
    static let devices = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Devices").standardized
        .path

    /// A bus of `count` boards of the shipped A0 window screen profile, served on its own thread.
    final class Rig: @unchecked Sendable {
        let simulator: BoardBusSimulator
        let bus: BoardBus
        let codec: any BoardProtocol
        final class EventLog: Sendable { let items = Mutex<[BoardBus.Event]>([]) }
        let events = EventLog()
        private let stopped = Atomic<Bool>(false)
        private let finished = DispatchSemaphore(value: 0)

        init(boards count: Int, refresh: Double, faultAfter: Double = 30, profile name: String = "boards/generic-a0-sum16") throws {
            let profile = try #require(try ProfileCatalog.load(directory: BoardBusTests.devices).profile(name))
            codec = try #require(profile.boardProtocol)
            let link = FileManager.default.temporaryDirectory.appendingPathComponent("bus-\(UUID().uuidString.prefix(8))").path
            simulator = try BoardBusSimulator(link: link, codec: codec, addresses: 1...count)
            let serial = try #require(profile.transport.serial)
            let boards = (1...count).map {
                BoardBus.Board(
                    id: "bus.\($0)", address: $0, codec: profile.boardProtocol!, ackTimeout: profile.boardAckTimeout,
                    retries: profile.boardRetries)
            }
            let events = events
            bus = BoardBus(
                id: "bus", boards: boards,
                timing: .init(baud: serial.baud, bitsPerByte: serial.bitsPerByte, refreshInterval: refresh, faultAfter: faultAfter)
            ) { event in
                if case .traffic = event { return }
                events.items.withLock { $0.append(event) }
            }
            let port = UncheckedBox(try SerialPort(path: link, settings: serial))
            let thread = Thread { [self] in
                _ = bus.serve(CountingTransport(port.value)) { stopped.load(ordering: .relaxed) }
                finished.signal()
            }
            thread.start()
        }

        func stop() {
            stopped.store(true, ordering: .relaxed)
            bus.interrupt()
            finished.wait()
            simulator.stop()
        }

        func eventsSeen(_ match: (BoardBus.Event) -> Bool) -> Bool { events.items.withLock { $0.contains(where: match) } }
    }

    @Test(
        "32 boards and a burst of calls on every window: calls go before refreshes, a pending update is replaced, frames are paced, every board ends right"
    )
    func burst() throws {
        let rig = try Rig(boards: 32, refresh: 0.3)
        defer { rig.stop() }
        for address in 1...32 { rig.bus.show("\(address)号窗口", address: address, urgent: false) }
        #expect(try eventually(5) { (1...32).allSatisfy { rig.simulator.shown($0) == "\($0)号窗口" } })
        rig.simulator.clearLog()
        // Board 32 is called twice before its turn: only the second call may reach it.
        rig.bus.show("请A999号", address: 32, urgent: true)
        rig.bus.show("请A032号", address: 32, urgent: true)
        // As the daemon does: after each call every board is given its text again, the
        // called window's as urgent; unchanged texts must not be sent twice.
        for address in 1...32 {
            rig.bus.show(String(format: "请A%03d号", address), address: address, urgent: true)
            for other in 1...32 where other != address {
                let text = other < address ? String(format: "请A%03d号", other) : (other == 32 ? "请A032号" : "\(other)号窗口")
                rig.bus.show(text, address: other, urgent: other < address || other == 32)
            }
            usleep(3000)
        }
        #expect(try eventually(5) { (1...32).allSatisfy { rig.simulator.shown($0) == String(format: "请A%03d号", $0) } })
        let log = rig.simulator.received
        #expect(!log.contains { $0.text == "请A999号" })
        let arrivals = try (1...32).map { address in
            try #require(log.firstIndex { $0.address == address && $0.text == String(format: "请A%03d号", address) })
        }
        let before = log[...arrivals.max()!]
        // Each call once, but for a frame lost (its answer late on a loaded machine) and sent
        // again. (After the last call, refreshes every 0.3 s send the calls' texts again, rightly.)
        let lost = rig.events.items.withLock { $0.count { if case .lost = $0 { true } else { false } } }
        #expect(before.count(where: { $0.text.hasPrefix("请A") }) <= 32 + lost, "\(before.map { "\($0.address):\($0.text)" })")
        // Up to the last call, at most one frame (already on the wire when the burst began) is not a call.
        #expect(before.filter { !$0.text.hasPrefix("请A") }.count <= 1 + lost, "\(before.map(\.text))")
        var seen = Set<Int>()
        let order = before.filter { $0.text.hasPrefix("请A") }.map(\.address).filter { seen.insert($0).inserted }
        #expect(order == [32] + Array(1...31), "\(order)")
        // One frame at a time: each arrives no sooner than the frames before it took on the wire
        // (counted from the first, so that one late read by the simulator cannot hide a gap).
        // The first frame's own read may come late by the simulator's lag: 5 ms allows for it on
        // a loaded machine (CI saw 0.2 ms), and a bus that did not pace its 32 frames would still
        // be hundreds of ms early. The exact pacing is hallbench's to measure.
        let timing = rig.bus.timing
        var wire = 0.0
        for (index, frame) in log.enumerated().dropFirst() {
            wire += timing.wireTime(log[index - 1].bytes)
            let since = BoardBusTests.seconds(log[0].lastByteAt.duration(to: frame.lastByteAt))
            #expect(
                since >= wire * 0.98 - 0.005,
                "frame \(index) \(since * 1000) ms after the first; the frames before took \(wire * 1000) ms on the wire")
        }
        #expect(rig.simulator.errors.isEmpty)
    }

    @Test("a call whose frame is lost three times in a row is on its board within 1.5 s, by the board's own clock")
    func threeLost() throws {
        let rig = try Rig(boards: 4, refresh: 10)
        defer { rig.stop() }
        for address in 1...4 { rig.bus.show("\(address)号窗口", address: address, urgent: false) }
        #expect(try eventually(5) { (1...4).allSatisfy { rig.simulator.shown($0) == "\($0)号窗口" } })
        rig.simulator.clearLog()
        rig.simulator.drop(next: 3, to: 1)
        rig.bus.show("请A001号", address: 1, urgent: true)
        #expect(try eventually { rig.simulator.shown(1) == "请A001号" })
        let frames = rig.simulator.received.filter { $0.address == 1 && $0.text == "请A001号" }
        let first = try #require(frames.first)
        let shown = try #require(frames.first { $0.taken })
        #expect(frames.prefix { !$0.taken }.count == 3, "\(frames.map(\.taken))")
        // Three answer timeouts of 0.1 s and a backoff of 0.25 s: about 0.6 s.
        let took = BoardBusTests.seconds(first.firstByteAt.duration(to: shown.lastByteAt))
        #expect(took < 1.5, "\(took) s from the first try to the call on the board")
    }

    @Test("lost frames and garbled answers are sent again; a silent board is faulted, then recovers and shows the right text")
    func faults() throws {
        let rig = try Rig(boards: 4, refresh: 0.5, faultAfter: 1)
        defer { rig.stop() }
        rig.simulator.drop(next: 1)
        rig.bus.show("请A001号", address: 1, urgent: true)
        #expect(try eventually { rig.simulator.shown(1) == "请A001号" })
        #expect(rig.eventsSeen { if case .lost("bus.1", _) = $0 { true } else { false } })

        rig.simulator.garbleAnswers(next: 1)
        rig.bus.show("请A002号", address: 2, urgent: true)
        #expect(try eventually { rig.eventsSeen { $0 == .shown(board: "bus.2", text: "请A002号", urgent: true) } })
        #expect(rig.eventsSeen { if case .lost("bus.2", let problem) = $0 { problem.hasPrefix("unexpected answer") } else { false } })

        rig.simulator.silence(3)
        rig.bus.show("请A003号", address: 3, urgent: true)
        #expect(try eventually { rig.eventsSeen { if case .faulted("bus.3", _) = $0 { true } else { false } } })
        #expect(rig.bus.views.first { $0.address == 3 }?.faulted == true)
        // The other boards keep working while board 3 is silent.
        rig.bus.show("请A004号", address: 4, urgent: true)
        #expect(try eventually { rig.simulator.shown(4) == "请A004号" })
        rig.simulator.silence(3, false)
        #expect(try eventually(3) { rig.eventsSeen { $0 == .recovered(board: "bus.3") } && rig.simulator.shown(3) == "请A003号" })
    }

    @Test("a board power-cycled blank shows the right text again within one refresh period")
    func restart() throws {
        let rig = try Rig(boards: 3, refresh: 0.5)
        defer { rig.stop() }
        for address in 1...3 { rig.bus.show("\(address)号窗口", address: address, urgent: false) }
        #expect(try eventually { rig.simulator.shown(2) == "2号窗口" })
        rig.simulator.restart(2)
        let restarted = ContinuousClock.now
        #expect(try eventually(2) { rig.simulator.shown(2) == "2号窗口" })
        // Timed by the board (the simulator's arrival clock), not by this test's polling: at its
        // next refresh, within the period, with a frame ahead of it on the wire, its own, and a
        // loaded machine's late wake-up of the bus thread; a board left for a second refresh or
        // more would arrive a whole period later.
        let resent = try #require(rig.simulator.received.first { $0.address == 2 && $0.taken && $0.firstByteAt > restarted })
        #expect(BoardBusTests.seconds(restarted.duration(to: resent.lastByteAt)) < 0.5 + 0.2)
    }

    @Test("Alpha signs (no answers) and Modbus displays (answers, 3.5-character gap) run on the same scheduler")
    func otherProtocols() throws {
        let alpha = try Rig(boards: 2, refresh: 5, profile: "boards/alpha-sign")
        alpha.bus.show("A012", address: 2, urgent: true)
        #expect(try eventually { alpha.simulator.shown(2) == "A012" })
        alpha.stop()
        let modbus = try Rig(boards: 2, refresh: 5, profile: "boards/modbus-rtu-digits")
        modbus.bus.show("A012", address: 1, urgent: true)
        #expect(
            try eventually {
                modbus.simulator.shown(1) == "A012" && modbus.eventsSeen { $0 == .shown(board: "bus.1", text: "A012", urgent: true) }
            })
        modbus.stop()
    }

    /// Hands the port to the serving thread, its only user from then on.
    struct UncheckedBox<Value>: @unchecked Sendable {
        let value: Value
        init(_ value: Value) { self.value = value }
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
