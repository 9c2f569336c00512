import Foundation
import HallAPIModels
import HallCore

/// A booking checked: its times read, and a full ID number refused.
extension AppointmentRequest {
    /// The appointment, or a 400 that names the booking and the field.
    func appointment(index: Int, timeZone: TimeZone) throws -> Appointment {
        func bad(_ message: String) -> APIError {
            APIError(
                .badRequest, "bad_appointment", "第 \(index + 1) 条预约（\(code)）：\(message) / appointment \(index + 1) (\(code)): \(message)")
        }
        guard let startDate = Self.date(start, timeZone), let endDate = Self.date(end, timeZone) else {
            throw bad("time must look like 2026-11-30T09:00:00+08:00 or 2026-11-30 09:00")
        }
        var holder: Holder?
        if let idHash {
            guard idHash.count == 64, idHash.allSatisfy(\.isHexDigit) else {
                throw bad("id_hash must be 64 hexadecimal digits (HMAC-SHA256)")
            }
            guard let maskedId, Self.isMasked(maskedId) else {
                throw bad("masked_id must be a masked ID number such as 110105********002X")
            }
            holder = Holder(maskedName: maskedName ?? "", maskedNumber: maskedId, key: idHash.lowercased())
        } else if let maskedId, !Self.isMasked(maskedId) {
            // A full number must never reach the journal.
            throw bad("masked_id must be masked (110105********002X), never a full ID number")
        }
        return Appointment(code: code, service: service, start: startDate, end: endDate, holder: holder)
    }

    /// Six visible, eight hidden, four visible characters.
    static func isMasked(_ text: String) -> Bool {
        let characters = Array(text)
        return characters.count == 18 && characters[6..<14].allSatisfy { $0 == "*" }
    }

    static func date(_ text: String, _ timeZone: TimeZone) -> Date? {
        if let date = try? Date(text, strategy: .iso8601) { return date }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        for format in ["yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss"] {
            formatter.dateFormat = format
            if let date = formatter.date(from: text) { return date }
        }
        return nil
    }
}
