import Foundation
import HallDevices
import HallLayout
import HallLinux
import HallProtocols
import HallTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("Ticket printing through a private cupsd", .serialized)
struct CupsQueueTests {
    static let layouts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Layouts/tickets")
        .standardized.path

    @Test("a raw job reaches the stand-in printer byte for byte and decodes to the ticket; the job completes")
    func printTicket() throws {
        let cupsd = try PrivateCupsd()
        try cupsd.addQueue("K1")
        let queue = CupsQueue(name: "K1", server: cupsd.server)
        let layout = try TicketLayout.load(path: "\(Self.layouts)/default-80.yaml", name: "default")
        let values = ["number": "E012", "service": "不动产登记", "hall": "青川县政务服务中心", "status_url": "http://hall/api/v1/tickets/E012"]
        let job = TicketPrinterBytes.job(layout.render(values, columns: 48), feedLines: 3)
        let id = try queue.submit(job, title: "E012")
        #expect(try eventually { cupsd.printed("K1").count == 1 })
        #expect(cupsd.printed("K1").first == job)
        let printed = try PrintedTicket(bytes: try cupsd.printed("K1", job: 0))
        #expect(printed.lines.contains("不动产登记") && printed.lines.contains("E012"))
        #expect(printed.qrCodes == ["http://hall/api/v1/tickets/E012"])
        #expect(try eventually { try queue.jobState(id) == .completed })
        #expect(try queue.printerState().reasons.isEmpty)
    }

    @Test("out of paper stops the printer with its reason and keeps the job, which prints once when the paper is back")
    func outOfPaper() throws {
        let cupsd = try PrivateCupsd()
        try cupsd.addQueue("K2")
        let queue = CupsQueue(name: "K2", server: cupsd.server)
        try cupsd.setFault("K2", "media-empty-error")
        let id = try queue.submit([0x1B, 0x40, 0x41, 0x0A], title: "A001")
        #expect(try eventually { try queue.printerState().reasons.contains("media-empty-error") })
        #expect(try queue.printerState().state == 5)
        #expect(try queue.jobState(id) != .completed)
        #expect(cupsd.printed("K2").isEmpty)
        try cupsd.setFault("K2", nil)
        #expect(try eventually { try queue.jobState(id) == .completed })
        #expect(cupsd.printed("K2") == [[0x1B, 0x40, 0x41, 0x0A]])
        sleep(1)
        #expect(cupsd.printed("K2").count == 1)
    }

    @Test("a printer switched off is seen as offline while the backend waits with the job, which prints once when it is back")
    func offline() throws {
        let cupsd = try PrivateCupsd()
        try cupsd.addQueue("K4")
        let queue = CupsQueue(name: "K4", server: cupsd.server)
        try cupsd.setFault("K4", "offline-report")
        let id = try queue.submit([0x1B, 0x40, 0x42, 0x0A], title: "A002")
        #expect(try eventually { try queue.printerState().fault == "脱机 / offline" })
        #expect(try queue.jobState(id) == .processing)
        #expect(cupsd.printed("K4").isEmpty)
        try cupsd.setFault("K4", nil)
        #expect(try eventually { try queue.jobState(id) == .completed })
        #expect(try queue.printerState().fault == nil)
        #expect(cupsd.printed("K4") == [[0x1B, 0x40, 0x42, 0x0A]])
    }

    @Test(
        "printer state reasons become the fault a kiosk and a technician read",
        arguments: [
            (3, ["none"], nil), (4, [], nil), (5, ["media-empty-error"], "缺纸 / out of paper"),
            (5, ["media-needed-warning"], "缺纸 / out of paper"),
            (3, ["offline-report"], "脱机 / offline"), (5, ["media-jam-error"], "卡纸 / paper jam"),
            (5, ["cover-open-error"], "上盖打开 / cover open"),
            (5, ["paused"], "已暂停 / paused"), (5, [], "已停止 / stopped"), (3, ["toner-low-warning"], nil),
        ] as [(Int, [String], String?)])
    func faults(state: Int, reasons: [String], fault: String?) {
        #expect(CupsQueue.PrinterState(state: state, reasons: reasons.filter { $0 != "none" }, accepting: true).fault == fault)
    }

    @Test("a stopped queue (cupsdisable) is seen as stopped, and enabled again as fine")
    func disabled() throws {
        let cupsd = try PrivateCupsd()
        try cupsd.addQueue("K3")
        let queue = CupsQueue(name: "K3", server: cupsd.server)
        #expect(try queue.printerState().fault == nil)
        _ = try cupsd.run("/usr/sbin/cupsdisable", ["-h", cupsd.server, "-r", "technician", "K3"])
        #expect(try eventually { try queue.printerState().fault != nil })
        _ = try cupsd.run("/usr/sbin/cupsenable", ["-h", cupsd.server, "K3"])
        #expect(try eventually { try queue.printerState().fault == nil })
    }

    @Test("a queue that does not exist, or a scheduler that does not answer, is a clear error")
    func errors() throws {
        let cupsd = try PrivateCupsd()
        let refused = #expect(throws: TransportFailure.self) {
            try CupsQueue(name: "nope", server: cupsd.server).submit([0x0A], title: "x")
        }
        #expect(refused?.gone == false, "a queue that does not exist is the scheduler's answer: \(String(describing: refused))")
        cupsd.stop()
        let gone = #expect(throws: TransportFailure.self) { try CupsQueue(name: "K1", server: cupsd.server).printerState() }
        #expect(gone?.gone == true, "a scheduler that does not answer: \(String(describing: gone))")

        // A scheduler in its dying moment (killed, its socket not yet closed) still takes a
        // connection, then drops it unanswered: gone too, not a queue that went away.
        let dying = try DroppingListener(path: cupsd.directory.appendingPathComponent("dying.sock").path)
        defer { dying.stop() }
        let dropped = #expect(throws: TransportFailure.self) { try CupsQueue(name: "K1", server: dying.path).printerState() }
        #expect(dropped?.gone == true, "a connection taken and dropped: \(String(describing: dropped))")
    }

    /// A UNIX socket that accepts each connection and closes it at once.
    final class DroppingListener: @unchecked Sendable {
        let path: String
        private let socket: Int32

        init(path: String) throws {
            self.path = path
            socket = Glibc.socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            withUnsafeMutableBytes(of: &address.sun_path) { buffer in
                for (index, byte) in path.utf8.prefix(buffer.count - 1).enumerated() { buffer[index] = byte }
            }
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
            }
            guard bound == 0, listen(socket, 8) == 0 else { throw HarnessError("cannot listen on \(path)") }
            let listening = socket
            Thread {
                while case let client = accept(listening, nil, nil), client >= 0 { close(client) }
            }.start()
        }

        func stop() {
            shutdown(socket, Int32(SHUT_RDWR))
            close(socket)
            unlink(path)
        }
    }

    @Test("a title with a space, a tab and Chinese goes to CUPS as a safe job name, prints, and the scheduler lives on")
    func unsafeTitle() throws {
        let cupsd = try PrivateCupsd()
        try cupsd.addQueue("K5")
        let queue = CupsQueue(name: "K5", server: cupsd.server)
        #expect(CupsQueue.jobName("A 001\t测试") == "A-001---")
        #expect(CupsQueue.jobName("ticket-E001") == "ticket-E001")
        // Debian 12's cupsd 2.4.2-3+deb12u10 crashes on such a document name soon after taking it.
        let id = try queue.submit([0x1B, 0x40, 0x43, 0x0A], title: "A 001\t测试")
        #expect(try eventually { try queue.jobState(id) == .completed })
        #expect(try queue.job(id)?.name == "A-001---")
        #expect(try eventually { cupsd.printed("K5") == [[0x1B, 0x40, 0x43, 0x0A]] })
        // Still there after the moment the crash came, and taking the next job.
        usleep(500_000)
        #expect(cupsd.processIdentifier != nil, "cupsd died; see \(cupsd.directory.path)/log/error_log")
        let next = try queue.submit([0x0A], title: "hallqueue-test-page")
        #expect(try eventually { try queue.jobState(next) == .completed })
    }

    @Test("a job the scheduler does not know is nil, not an error; a crashed scheduler comes back with its queue")
    func unknownJob() throws {
        let cupsd = try PrivateCupsd()
        try cupsd.addQueue("K6")
        let queue = CupsQueue(name: "K6", server: cupsd.server)
        #expect(try queue.job(4242) == nil)
        cupsd.stop()
        try cupsd.restart()
        #expect(try queue.printerState().fault == nil)
    }
}
