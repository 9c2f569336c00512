import Dispatch
import Foundation
import HallCore
import HallDevices
import HallLayout
import HallLinux
import HallProtocols
import HallServer
import HallStore
import Logging
import ServiceLifecycle
import Synchronization

/// Prints each ticket taken at a kiosk on that kiosk's printer (a raw CUPS queue), records the
/// job with the ticket, follows the job, and watches the printer: its state reasons make the
/// device faulted (out of paper, offline, jam, cover open, stopped) or ready again. A job held
/// by a stopped printer stays in CUPS and prints once when the printer is back.
struct KioskPrinting: ServiceLifecycle.Service {
    final class Printer: Sendable {
        let kiosk: String
        let role: String
        let queue: CupsQueue
        let profile: DeviceProfile
        /// Jobs sent and not yet printed, oldest first: the tickets a stopped printer holds.
        let waiting = Mutex<[(job: Int32, number: TicketNumber)]>([])

        init(kiosk: String, role: String, queue: CupsQueue, profile: DeviceProfile) {
            self.kiosk = kiosk
            self.role = role
            self.queue = queue
            self.profile = profile
        }
    }

    let printers: [Printer]
    let engine: HallEngine
    let configuration: LiveConfiguration
    let registry: DeviceRegistry
    /// The key in each ticket's QR code, to the citizen's page.
    let ticketKeys: TicketKeys
    let logger: Logger

    /// The kiosks' printers bound to a CUPS queue (the role's `path`).
    static func printers(_ configuration: HallConfiguration) -> [Printer] {
        configuration.kiosks.compactMap { kiosk in
            guard let role = configuration.deviceRoles.first(where: { $0.id == "\(kiosk.id).printer" }), let queue = role.path,
                let profile = configuration.catalog.profile(role.profile), profile.transport.kind == .cups
            else { return nil }
            return Printer(
                kiosk: kiosk.id, role: role.id, queue: CupsQueue(name: queue, server: configuration.cupsServer), profile: profile)
        }
    }

    func run() async throws {
        guard !printers.isEmpty else {
            // A service that returns ends the whole group: idle until shutdown instead.
            try await gracefulShutdown()
            return
        }
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
            for printer in printers {
                group.addTask { await watch(printer) }
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
        do {
            let id = try await Self.blocking { try printer.queue.submit(job, title: number.description) }
            printer.waiting.withLock { $0.append((id, number)) }
            await registry.noteTraffic(printer.role, bytesOut: job.count, frames: 1)
            try await engine.record([.ticketPrinted(number: number, kiosk: printer.kiosk, job: Int(id), at: Date())])
        } catch {
            logger.warning("ticket not printed", metadata: ["ticket": "\(number)", "kiosk": "\(printer.kiosk)", "error": "\(error)"])
            await registry.noteError(printer.role, "\(error)")
            await notice(printer.kiosk, [number], reason: "\(error)")
        }
    }

    /// Follows a printer's state every half second.
    private func watch(_ printer: Printer) async {
        let syspath = "cups:\(printer.queue.name)"
        var lastFault: String?
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            let state = try? await Self.blocking { try printer.queue.printerState() }
            let present = await registry.status(printer.role).map { $0.state != .absent } ?? false
            if let state {
                if !present {
                    await registry.added(DiscoveredDevice(syspath: syspath, subsystem: "cups", devnode: printer.queue.name))
                }
                let fault = state.fault
                await registry.report(printer.role, fault: fault)
                let held = await unprinted(printer)
                if let fault, fault != lastFault {
                    await notice(printer.kiosk, held, reason: fault)
                }
                lastFault = fault
            } else if present {
                await registry.removed(syspath: syspath)
            }
            try? await Task.sleep(for: .milliseconds(500))
        }
    }

    /// The tickets whose jobs have not printed yet; finished jobs are forgotten.
    private func unprinted(_ printer: Printer) async -> [TicketNumber] {
        let waiting = printer.waiting.withLock { $0 }
        var done: Set<Int32> = []
        for (job, _) in waiting {
            let state = try? await Self.blocking { try printer.queue.jobState(job) }
            if let state, [.completed, .canceled, .aborted].contains(state) { done.insert(job) }
        }
        return printer.waiting.withLock { waiting in
            waiting.removeAll { done.contains($0.job) }
            return waiting.map(\.number)
        }
    }

    /// Tells the kiosk's page: the ticket is valid, its number, and that the printer has a problem.
    private func notice(_ kiosk: String, _ numbers: [TicketNumber], reason: String) async {
        let list = numbers.map(\.description).joined(separator: "、")
        let ticket = numbers.isEmpty ? "" : "您的号码 \(list) 已取号成功，请记住号码留意叫号 / your number \(list) is taken: keep it in mind. "
        let message = ticket + "本机打印机故障（\(reason)） / this kiosk's printer has a problem (\(reason))"
        try? await engine.record([.kioskNotice(kiosk: kiosk, code: "printer_fault", message: message, at: Date())])
    }

    /// Runs a blocking libcups call off the cooperative threads.
    static func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try body() }) }
        }
    }
}
