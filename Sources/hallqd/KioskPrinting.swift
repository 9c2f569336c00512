import Dispatch
import Foundation
import HallConfig
import HallCore
import HallDevices
import HallIdentity
import HallLayout
import HallLinux
import HallProtocols
import HallServer
import HallStore
import Logging
import ServiceLifecycle
import Synchronization

/// Prints each ticket taken at a kiosk on that kiosk's printer, and records it with the ticket
/// once it is on paper.
///
/// - A raw CUPS queue: the job is followed, and the printer watched: its state reasons make the
///   device faulted (out of paper, offline, jam, cover open, stopped) or ready again. A job held
///   by a stopped printer stays in CUPS and prints once when the printer is back. A scheduler
///   that stops answering (cupsd crashed or was stopped) faults the printer; when it answers
///   again, each ticket it did not keep is sent again, once.
/// - A printer on a serial port: its device runner prints, asks the paper status, and reports
///   back here (`heard`); a ticket cut short by the paper running out prints again, whole.
struct KioskPrinting: ServiceLifecycle.Service {
    final class Printer: Sendable {
        /// Where its jobs go.
        enum Link: Sendable {
            case cups(CupsQueue)
            /// The device runner of a printer on a serial port.
            case serial(DeviceRunner)
        }

        let kiosk: String
        let role: String
        let link: Link
        let profile: DeviceProfile
        /// Jobs sent and not yet printed, oldest first: the tickets a stopped printer holds
        /// (job 0 on a serial port).
        let waiting = Mutex<[(job: Int32, number: TicketNumber)]>([])
        /// Tickets to send again when the scheduler answers: it stopped while taking them.
        let unsent = Mutex<[TicketNumber]>([])

        init(kiosk: String, role: String, link: Link, profile: DeviceProfile) {
            self.kiosk = kiosk
            self.role = role
            self.link = link
            self.profile = profile
        }

        /// The same printer, reached the same way: a reload keeps it, with the jobs it waits for.
        func sameDevice(as other: Printer) -> Bool {
            guard kiosk == other.kiosk, role == other.role, profile == other.profile else { return false }
            switch (link, other.link) {
            case (.cups(let a), .cups(let b)): return a.name == b.name && a.server == b.server
            case (.serial(let a), .serial(let b)): return a === b
            default: return false
            }
        }
    }

    /// Where the printers of the configuration in force are.
    let wing: DeviceWing
    /// Wakes the service after a reload, to watch the CUPS printers it added.
    let reloaded: AsyncStream<Void>.Continuation
    private let reloads: AsyncStream<Void>
    let engine: HallEngine
    let configuration: LiveConfiguration
    let registry: DeviceRegistry
    /// The key in each ticket's QR code, to the citizen's page.
    let ticketKeys: TicketKeys
    let logger: Logger

    /// The kiosks' printers: bound to a CUPS queue (the role's `path`), or on a serial port
    /// that one of `runners` drives.
    static func printers(_ configuration: HallConfiguration, runners: [DeviceRunner]) -> [Printer] {
        configuration.kiosks.compactMap { kiosk in
            guard let role = configuration.deviceRoles.first(where: { $0.id == "\(kiosk.id).printer" }),
                let profile = configuration.catalog.profile(role.profile)
            else { return nil }
            let link: Printer.Link
            if profile.transport.kind == .cups, let queue = role.path {
                link = .cups(CupsQueue(name: queue, server: configuration.cupsServer))
            } else if let runner = runners.first(where: { $0.role.id == role.id }) {
                link = .serial(runner)
            } else {
                return nil
            }
            return Printer(kiosk: kiosk.id, role: role.id, link: link, profile: profile)
        }
    }

    init(
        wing: DeviceWing, engine: HallEngine, configuration: LiveConfiguration, registry: DeviceRegistry, ticketKeys: TicketKeys,
        logger: Logger
    ) {
        (self.wing, self.engine, self.configuration, self.registry, self.ticketKeys, self.logger) = (
            wing, engine, configuration, registry, ticketKeys, logger
        )
        (reloads, reloaded) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    var printers: [Printer] { wing.printers }

    func run() async throws {
        let events = await engine.subscribe()
        await withDiscardingTaskGroup { group in
            group.addTask {
                for await entry in events.cancelOnGracefulShutdown() {
                    guard case .ticketIssued(let number, _, _, _, _, let kiosk?, _, _) = entry.event,
                        let printer = printers.first(where: { $0.kiosk == kiosk })
                    else { continue }
                    await print(number, on: printer)
                }
            }
            // Each CUPS printer is watched while it is in the configuration (`watch` ends when a
            // reload takes it out); a reload may add some.
            var watched: [Printer] = []
            reloaded.yield()
            for await _ in reloads.cancelOnGracefulShutdown() {
                let current = printers
                watched.removeAll { printer in !current.contains { $0 === printer } }
                for printer in current where !watched.contains(where: { $0 === printer }) {
                    guard case .cups(let queue) = printer.link else { continue }
                    watched.append(printer)
                    group.addTask { await watch(printer, queue) }
                }
            }
        }
    }

    /// A reprint on purpose (`hallctl reprint`); false when the kiosk has no printer.
    func reprint(_ number: TicketNumber, at kiosk: String) async -> Bool {
        guard let printer = printers.first(where: { $0.kiosk == kiosk }) else { return false }
        await print(number, on: printer)
        return true
    }

    /// Prints a ticket now.
    func print(_ number: TicketNumber, on printer: Printer) async {
        let configuration = configuration.value
        let paper = printer.profile.integer("paper_mm") ?? 80
        let columns = printer.profile.integer("columns") ?? 48
        let job: [UInt8]? = await engine.read { hall in
            guard let ticket = hall.ticket(number),
                let layout = configuration.ticketLayouts?.layout(service: ticket.service, paperMM: paper)
            else { return nil }
            let values = TicketFields.values(
                ticket, in: hall, ahead: hall.peopleAhead(of: number) ?? 0,
                statusURL: ticketKeys.url(base: configuration.publicURL, day: hall.day ?? "", number: number),
                kiosk: printer.kiosk)
            let cut = EscPos.Cut(word: printer.profile.word("cut") ?? "feed-and-cut")
            return TicketPrinterBytes.job(
                layout.render(values, columns: columns, cut: cut),
                encoding: EscPos.TextEncoding(rawValue: printer.profile.word("encoding") ?? "gb18030") ?? .gb18030,
                chineseMode: printer.profile.flag("chinese_mode") ?? true, feedLines: printer.profile.integer("feed_lines") ?? 0)
        }
        guard let job else {
            logger.error("no ticket layout to print", metadata: ["ticket": "\(number)", "kiosk": "\(printer.kiosk)"])
            return
        }
        await send(job, number, on: printer)
    }

    /// Hands a ticket's job to the printer; the ticket counts as printed when the job has
    /// completed in CUPS, or the serial printer said it is on paper.
    private func send(_ job: [UInt8], _ number: TicketNumber, on printer: Printer) async {
        let queue: CupsQueue
        switch printer.link {
        case .cups(let cups): queue = cups
        case .serial(let runner):
            printer.waiting.withLock { $0.append((0, number)) }
            runner.submit(job, id: "\(number)")
            return
        }
        // Followed from the moment CUPS has a job for it, whatever becomes of the request.
        let created = Mutex(false)
        let result = await Self.blocking {
            try queue.submit(job, title: Self.jobTitle(number)) { id in
                printer.waiting.withLock { $0.append((id, number)) }
                created.withLock { $0 = true }
            }
        }
        switch result {
        case .success:
            await registry.noteTraffic(printer.role, bytesOut: job.count, frames: 1)
        case .failure(let error):
            logger.warning("ticket not sent whole", metadata: ["ticket": "\(number)", "kiosk": "\(printer.kiosk)", "error": "\(error)"])
            // A job CUPS made is the watch's to follow, whatever the request's fate: it prints,
            // or the scheduler is found stopped and the ticket is sent again when it is back.
            let made = created.withLock { $0 }
            if error.gone {
                if !made { printer.unsent.withLock { $0.append(number) } }
                await registry.report(printer.role, fault: Self.schedulerStopped)
                await notice(printer.kiosk, [number], reason: Self.schedulerStopped)
            } else if !made {
                await registry.noteError(printer.role, "\(error)")
                await notice(printer.kiosk, [number], reason: "\(error)")
            }
        }
    }

    /// The printer's fault while the scheduler does not answer: told apart from a queue that
    /// is not there, since the tickets it held must print when it is back.
    static let schedulerStopped = "打印服务已停止 / the print service stopped"

    /// The job's name in CUPS; a crashed scheduler may come back having given the job's number
    /// to another job, and the name tells them apart.
    static func jobTitle(_ number: TicketNumber) -> String { CupsQueue.jobName("ticket-\(number)") }

    /// What a printer on a serial port said, through its device runner.
    func heard(_ report: EscPosPrinterDriver.Report, from role: String) async {
        guard let printer = printers.first(where: { $0.role == role }) else { return }
        switch report {
        case .printed(let id):
            // A test page has no ticket.
            guard let number = TicketNumber(id) else { return }
            printer.waiting.withLock { waiting in
                if let index = waiting.firstIndex(where: { $0.number == number }) { waiting.remove(at: index) }
            }
            try? await engine.record([.ticketPrinted(number: number, kiosk: printer.kiosk, job: 0, at: Date())])
        case .paper(.out):
            await registry.report(role, fault: Self.paperOut)
            await notice(printer.kiosk, unprinted(printer), reason: Self.paperOut)
        case .paper(.nearEnd):
            await registry.report(role, fault: nil)
            await registry.noteError(role, "纸将用尽 / paper near its end")
        case .paper(.present):
            await registry.report(role, fault: nil)
        case .silent(let reason):
            await registry.report(role, fault: reason)
            await notice(printer.kiosk, unprinted(printer), reason: reason)
        case .garbled(let problem):
            await registry.noteError(role, problem)
        }
    }

    static let paperOut = "缺纸 / out of paper"

    /// Follows a CUPS printer's state every half second, and its jobs every tenth while it has any.
    private func watch(_ printer: Printer, _ queue: CupsQueue) async {
        let syspath = "cups:\(queue.name)"
        var lastFault: String?
        while !Task.isCancelled && !Task.isShuttingDownGracefully && printers.contains(where: { $0 === printer }) {
            let answer = await Self.blocking { try queue.printerState() }
            let present = await registry.status(printer.role).map { $0.state != .absent } ?? false
            switch answer {
            case .success(let state):
                if !present {
                    await registry.added(DiscoveredDevice(syspath: syspath, subsystem: "cups", devnode: queue.name))
                }
                await follow(printer, queue)
                let fault = state.fault
                await registry.report(printer.role, fault: fault)
                if let fault, fault != lastFault {
                    await notice(printer.kiosk, unprinted(printer), reason: fault)
                }
                lastFault = fault
            case .failure(let failure) where failure.gone && present:
                // It answered before: the scheduler stopped (or crashed), it is not a queue gone.
                await registry.report(printer.role, fault: Self.schedulerStopped)
                if lastFault != Self.schedulerStopped {
                    logger.error("the print service stopped", metadata: ["kiosk": "\(printer.kiosk)", "error": "\(failure)"])
                    await notice(printer.kiosk, unprinted(printer), reason: Self.schedulerStopped)
                }
                lastFault = Self.schedulerStopped
            case .failure:
                if present { await registry.removed(syspath: syspath) }
                lastFault = nil
            }
            let busy = !printer.waiting.withLock(\.isEmpty) || !printer.unsent.withLock(\.isEmpty)
            try? await Task.sleep(for: .milliseconds(busy ? 100 : 500))
        }
    }

    /// With the scheduler answering: records the tickets whose jobs have printed, forgets the
    /// jobs that ended otherwise (cancelled by a technician, aborted), and sends again, once,
    /// each ticket whose job the scheduler no longer has (it stopped and came back without it,
    /// perhaps giving its number to another job) or never took.
    private func follow(_ printer: Printer, _ queue: CupsQueue) async {
        var again = printer.unsent.withLock { unsent in
            defer { unsent.removeAll() }
            return unsent
        }
        for (job, number) in printer.waiting.withLock({ $0 }) {
            guard case .success(let kept) = await Self.blocking({ try queue.job(job) }) else { continue }
            guard let kept, kept.name == Self.jobTitle(number) else {
                printer.waiting.withLock { waiting in waiting.removeAll { $0.job == job } }
                again.append(number)
                continue
            }
            guard [.completed, .canceled, .aborted].contains(kept.state) else { continue }
            printer.waiting.withLock { waiting in waiting.removeAll { $0.job == job } }
            if kept.state == .completed {
                try? await engine.record([.ticketPrinted(number: number, kiosk: printer.kiosk, job: Int(job), at: Date())])
            } else {
                logger.warning("print job ended unprinted", metadata: ["ticket": "\(number)", "job": "\(job)", "state": "\(kept.state)"])
            }
        }
        for number in again {
            logger.notice(
                "sending a ticket again after the print service stopped", metadata: ["ticket": "\(number)", "kiosk": "\(printer.kiosk)"])
            await print(number, on: printer)
        }
    }

    /// The tickets sent and not printed yet, and those waiting to be sent again.
    private func unprinted(_ printer: Printer) -> [TicketNumber] {
        printer.waiting.withLock { $0.map(\.number) } + printer.unsent.withLock { $0 }
    }

    /// Tells the kiosk's page: the ticket is valid, its number, and that the printer has a problem.
    private func notice(_ kiosk: String, _ numbers: [TicketNumber], reason: String) async {
        let list = numbers.map(\.description).joined(separator: "、")
        let ticket = numbers.isEmpty ? "" : "您的号码 \(list) 已取号成功，请记住号码留意叫号 / your number \(list) is taken: keep it in mind. "
        let message = ticket + "本机打印机故障（\(reason)） / this kiosk's printer has a problem (\(reason))"
        try? await engine.record([.kioskNotice(kiosk: kiosk, code: "printer_fault", message: message, at: Date())])
    }

    /// Runs a blocking libcups call off the cooperative threads.
    static func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async -> Result<T, TransportFailure> {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                // CupsQueue throws only TransportFailure (typed), which a closure cannot yet say.
                continuation.resume(
                    returning: Result { try body() }.mapError { $0 as? TransportFailure ?? TransportFailure("\($0)", gone: false) })
            }
        }
    }
}
