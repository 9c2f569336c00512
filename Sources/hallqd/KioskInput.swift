import Foundation
import HallCore
import HallDevices
import HallIdentity
import HallStore
import Logging

/// What citizens do at a kiosk's devices, turned into hall commands: a card read identifies
/// the person for the kiosk's next ticket (and checks in their booking, if they have one
/// today); a scanned code checks in a booking, and a held ticket's own QR code brings it back
/// to the queue. What gives no ticket becomes a notice on the kiosk's page. A card arrives masked
/// and keyed by the reader's own thread.
struct KioskInput {
    let engine: HallEngine
    let ticketKeys: TicketKeys
    let logger: Logger
    let clock: @Sendable () -> Date

    func card(_ read: Result<Holder, HolderKeyer.Refusal>, at kiosk: String) async {
        let now = clock()
        let holder: Holder
        switch read {
        case .success(let read): holder = read
        case .failure(let refusal):
            await notice(kiosk, refusal.code, refusal.description)
            return
        }
        do {
            try await engine.execute(.identify(kiosk: kiosk, holder: holder)) { _, _ in }
            logger.info("ID card read", metadata: ["kiosk": "\(kiosk)", "holder": "\(holder.maskedNumber)"])
            if await engine.read({ $0.hasBooking(holderKey: holder.key, at: now) }) {
                try await checkIn(.holder(holder), at: kiosk)
            }
        } catch {
            logger.warning("card read not recorded", metadata: ["kiosk": "\(kiosk)", "error": "\(error)"])
        }
    }

    func scan(_ code: String, at kiosk: String) async {
        do {
            if let (number, key) = Self.ticketLink(code) {
                try await returned(number, key: key, at: kiosk)
            } else {
                try await checkIn(.code(code), at: kiosk)
            }
        } catch {
            logger.warning("scan not recorded", metadata: ["kiosk": "\(kiosk)", "error": "\(error)"])
        }
    }

    func cardProblem(_ problem: String, at kiosk: String) async {
        await notice(kiosk, "card_unreadable", "请重新放置身份证 / please place the ID card again (\(problem))")
    }

    /// A refused check-in becomes a notice; a failing journal is thrown.
    private func checkIn(_ key: CheckIn, at kiosk: String) async throws {
        do {
            let number = try await engine.execute(.checkIn(key, kiosk: kiosk)) { _, events in events.last?.number }
            logger.info("appointment checked in", metadata: ["kiosk": "\(kiosk)", "ticket": "\(number?.description ?? "-")"])
        } catch let refusal as HallError {
            await notice(kiosk, refusal.code, refusal.description)
        }
    }

    /// The ticket and key in a ticket's QR code, `…/ticket/A012?k=…`; nil for any other code.
    static func ticketLink(_ code: String) -> (TicketNumber, String)? {
        guard let link = URLComponents(string: code), link.path.contains("/ticket/"),
            let number = TicketNumber(String(link.path.split(separator: "/").last ?? "")),
            let key = link.queryItems?.first(where: { $0.name == "k" })?.value
        else { return nil }
        return (number, key)
    }

    /// A held ticket's citizen is back, its QR code scanned: called next for its service.
    private func returned(_ number: TicketNumber, key: String, at kiosk: String) async throws {
        let day = await engine.read { $0.day } ?? ""
        guard key == ticketKeys.key(day: day, number: number) else {
            return await notice(kiosk, "ticket_not_today", "不是今日的号票 / this is not one of today's tickets")
        }
        do {
            try await engine.execute(.returnHeld(number: number)) { _, _ in }
            logger.info("held ticket returned", metadata: ["kiosk": "\(kiosk)", "ticket": "\(number)"])
            await notice(
                kiosk, "ticket_returned", "\(number) 已回到队列，将优先叫号 / \(number) is back in the queue and will be called next")
        } catch let refusal as HallError {
            await notice(kiosk, refusal.code, refusal.description)
        }
    }

    private func notice(_ kiosk: String, _ code: String, _ message: String) async {
        logger.info("kiosk notice", metadata: ["kiosk": "\(kiosk)", "code": "\(code)"])
        do {
            try await engine.record([.kioskNotice(kiosk: kiosk, code: code, message: message, at: clock())])
        } catch {
            logger.warning("kiosk notice not recorded", metadata: ["kiosk": "\(kiosk)", "error": "\(error)"])
        }
    }
}
