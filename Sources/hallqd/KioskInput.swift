import Foundation
import HallCore
import HallDevices
import HallIdentity
import HallStore
import Logging

/// What citizens do at a kiosk's devices, turned into hall commands: a card read identifies
/// the person for the kiosk's next ticket (and checks in their booking, if they have one
/// today); a scanned code checks in a booking. What gives no ticket becomes a notice on the
/// kiosk's page. A card arrives masked and keyed by the reader's own thread.
struct KioskInput {
    let engine: HallEngine
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
            try await checkIn(.code(code), at: kiosk)
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

    private func notice(_ kiosk: String, _ code: String, _ message: String) async {
        logger.info("kiosk notice", metadata: ["kiosk": "\(kiosk)", "code": "\(code)"])
        do {
            try await engine.record([.kioskNotice(kiosk: kiosk, code: code, message: message, at: clock())])
        } catch {
            logger.warning("kiosk notice not recorded", metadata: ["kiosk": "\(kiosk)", "error": "\(error)"])
        }
    }
}
