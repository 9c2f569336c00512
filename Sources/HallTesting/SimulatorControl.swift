import Foundation
import HallLayout
import HallProtocols

#if canImport(Glibc)
import Glibc
#endif

/// The demo hall's simulated kiosk devices, driven over a UNIX socket (one JSON object per
/// line each way) by `hallctl simulate`: `{"command":"card","kiosk":"K1","id":"...","name":"..."}`,
/// `{"command":"lift","kiosk":"K1"}`, `{"command":"scan","kiosk":"K1","code":"..."}`, and the
/// simulated buses of LED boards: `{"command":"boards"}` (what each shows),
/// `{"command":"board","bus":"bus1","address":"3","action":"silence|answer|restart|drop|garble"}`.
public final class SimulatorControl: @unchecked Sendable {
    public let socketPath: String
    private let readers: [String: IDReaderSimulator]
    private let scanners: [String: SerialScannerSimulator]
    /// Where the stand-in printers' jobs land, `<queue>-<job>.bin`.
    private let printed: URL?
    private let buses: [String: BoardBusSimulator]
    private let listener: Int32

    public init(
        socketPath: String, readers: [String: IDReaderSimulator], scanners: [String: SerialScannerSimulator], printed: URL? = nil,
        buses: [String: BoardBusSimulator] = [:]
    ) throws {
        self.socketPath = socketPath
        self.buses = buses
        self.readers = readers
        self.scanners = scanners
        self.printed = printed
        unlink(socketPath)
        listener = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(socketPath.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { throw HarnessError("socket path too long: \(socketPath)") }
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in bytes.enumerated() { buffer[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0, listen(listener, 8) == 0 else {
            throw HarnessError("cannot listen on \(socketPath): \(String(cString: strerror(errno)))")
        }
    }

    /// Answers commands until the process ends.
    public func serve() -> Never {
        while true {
            let client = accept(listener, nil, nil)
            guard client >= 0 else { continue }
            var line: [UInt8] = []
            var byte: UInt8 = 0
            while read(client, &byte, 1) == 1 && byte != 0x0A { line.append(byte) }
            let answer = handle(Data(line)) + "\n"
            _ = answer.withCString { write(client, $0, strlen($0)) }
            close(client)
        }
    }

    func handle(_ request: Data) -> String {
        guard let object = (try? JSONSerialization.jsonObject(with: request)) as? [String: String], let command = object["command"] else {
            return #"{"ok":false,"error":"expected one JSON object of strings with a command"}"#
        }
        let kiosk = object["kiosk"] ?? "K1"
        switch command {
        case "card", "lift":
            guard let reader = readers[kiosk] else {
                return Self.failure("kiosk \(kiosk) has no simulated ID reader (known: \(readers.keys.sorted().joined(separator: ", ")))")
            }
            if command == "lift" {
                reader.lift()
                return #"{"ok":true}"#
            }
            guard let number = object["id"], number.count == 18 else { return Self.failure("card needs an 18-character id") }
            reader.place(Self.card(number: number, name: object["name"] ?? "张三", address: object["address"] ?? "四川省广元市青川县乔庄镇示范路1号"))
            return #"{"ok":true}"#
        case "scan":
            guard let scanner = scanners[kiosk] else {
                return Self.failure(
                    "kiosk \(kiosk) has no simulated serial scanner (known: \(scanners.keys.sorted().joined(separator: ", ")))")
            }
            guard let code = object["code"], !code.isEmpty else { return Self.failure("scan needs a code") }
            scanner.scan(code, encoding: object["encoding"] == "gb18030" ? .gb18030 : .utf8)
            return #"{"ok":true}"#
        case "printed":
            // The kiosk's last printed ticket, as a text picture of its bytes.
            guard let printed, let queue = object["queue"] else { return Self.failure("no stand-in printers (hallsim runs them as root)") }
            let jobs = ((try? FileManager.default.contentsOfDirectory(atPath: printed.path)) ?? []).filter {
                $0.hasPrefix("\(queue)-") && $0.hasSuffix(".bin")
            }
            guard
                let last = jobs.max(by: {
                    Int($0.dropFirst(queue.count + 1).dropLast(4)) ?? 0 < Int($1.dropFirst(queue.count + 1).dropLast(4)) ?? 0
                }),
                let bytes = try? Data(contentsOf: printed.appendingPathComponent(last)),
                let ticket = try? PrintedTicket(bytes: Array(bytes))
            else { return Self.failure("queue \(queue) has printed nothing yet") }
            let columns = Int(object["columns"] ?? "") ?? 48
            let data =
                (try? JSONSerialization.data(
                    withJSONObject: ["ok": true, "picture": TicketPicture.text(ticket, columns: columns)] as [String: Any])) ?? Data()
            return String(decoding: data, as: UTF8.self)
        case "boards":
            let shown = buses.mapValues { bus in Dictionary(uniqueKeysWithValues: bus.shown.map { (String($0.key), $0.value) }) }
            let data = (try? JSONSerialization.data(withJSONObject: ["ok": true, "boards": shown] as [String: Any])) ?? Data()
            return String(decoding: data, as: UTF8.self)
        case "board":
            guard let bus = buses[object["bus"] ?? ""] else {
                return Self.failure("no simulated bus \(object["bus"] ?? "") (known: \(buses.keys.sorted().joined(separator: ", ")))")
            }
            guard let address = Int(object["address"] ?? ""), bus.shown(address) != nil || bus.keypadDisplay(address) != nil else {
                return Self.failure("no simulated board or keypad at address \(object["address"] ?? "")")
            }
            switch object["action"] {
            case "silence": bus.silence(address)
            case "answer": bus.silence(address, false)
            case "restart": bus.restart(address)
            case "drop": bus.drop(next: 1)
            case "garble": bus.garbleAnswers(next: 1)
            case "key":
                guard let code = UInt8((object["code"] ?? "").replacingOccurrences(of: "0x", with: ""), radix: 16),
                    bus.keypadDisplay(address) != nil
                else {
                    return Self.failure("key needs a keypad's address and a hex code such as 0x01")
                }
                bus.press(address, key: code)
            default: return Self.failure("board action is silence, answer, restart, drop, garble or key")
            }
            return #"{"ok":true}"#
        default:
            return Self.failure("unknown command \(command) (card, lift, scan, printed, boards, board)")
        }
    }

    /// A card for a number: birth date and sex from the number, as on a real card.
    static func card(number: String, name: String, address: String) -> IDCardText {
        let digits = Array(number)
        let sexDigit = Int(String(digits[16])) ?? 1
        return IDCardText(
            name: name, sex: sexDigit % 2 == 1 ? .male : .female, nationCode: 1, birthDate: String(digits[6..<14]), address: address,
            number: number, authority: "青川县公安局", validFrom: "20200101", validTo: nil)
    }

    static func failure(_ message: String) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: ["ok": false, "error": message] as [String: Any])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
