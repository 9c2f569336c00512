import Foundation
import HallDevices
import HallProtocols
import Hummingbird

/// What the LED boards show, and the technician's test pattern and address scan.
extension HallAPI {
    func addBoardRoutes(to router: Router<Context>) {
        router.get("/api/v1/boards") { request, _ in
            try authorize(request, [.admin, .technician, .display])
            struct Board: Encodable {
                var bus: String
                var id: String
                var address: Int
                var wanted: String
                var shown: String?
                var faulted: Bool
                var pending: Bool
                var callMilliseconds: Double?
            }
            return JSON.response(
                buses.flatMap { bus in
                    bus.views.map {
                        Board(
                            bus: bus.id, id: $0.id, address: $0.address, wanted: $0.wanted, shown: $0.shown, faulted: $0.faulted,
                            pending: $0.pending,
                            callMilliseconds: $0.callMilliseconds)
                    }
                })
        }

        // A test pattern on one board: every segment lit, Chinese where the board has it.
        router.post("/api/v1/buses/{bus}/boards/{address}/test") { request, context in
            try authorize(request, [.admin, .technician])
            let (bus, codec) = try busAndCodec(context)
            let address = try context.parameters.require("address", as: Int.self)
            let pattern = codec.asciiOnly ? "TEST 8888\n8888 TEST" : "测试 8888\n8888 测试"
            return JSON.response(
                Probe(address, await bus.exchangeOnce(pattern, address: address, codec: codec, ackTimeout: 0.2), answers: codec.answers))
        }

        // Which addresses answer: a blank frame to each in turn.
        router.post("/api/v1/buses/{bus}/scan") { request, context in
            try authorize(request, [.admin, .technician])
            let (bus, codec) = try busAndCodec(context)
            guard codec.answers else {
                throw APIError(
                    .conflict, "no_replies", "该协议的屏不应答，无法扫描 / boards of this protocol do not answer, so they cannot be found by a scan")
            }
            struct Range: Decodable {
                var from: Int?
                var to: Int?
            }
            let range = try await JSON.decode(Range.self, from: request)
            let (from, to) = (range.from ?? 1, range.to ?? 32)
            guard (0...65535).contains(from), (from...65535).contains(to), to - from < 256 else {
                throw APIError(.badRequest, "bad_range", "地址范围应为 0–65535，最多 256 个 / scan at most 256 addresses within 0–65535")
            }
            var found: [Probe] = []
            for address in from...to {
                found.append(Probe(address, await bus.exchangeOnce("", address: address, codec: codec, ackTimeout: 0.1), answers: true))
            }
            return JSON.response(found)
        }
    }

    /// One board's answer to a test frame.
    struct Probe: Encodable {
        var address: Int
        var answered: Bool
        var milliseconds: Double?
        var problem: String?

        init(_ address: Int, _ result: Result<Double, BoardBus.DiagnosticFailure>, answers: Bool) {
            self.address = address
            switch result {
            case .success(let seconds):
                answered = answers
                milliseconds = (seconds * 10_000).rounded() / 10
            case .failure(let failure):
                answered = false
                problem = failure.message
            }
        }
    }

    private func busAndCodec(_ context: Context) throws -> (BoardBus, any BoardProtocol) {
        let id = context.parameters.get("bus") ?? ""
        guard let bus = buses.first(where: { $0.id == id }),
            let codec = configuration.value.buses.first(where: { $0.id == id })?.profile.boardProtocol
        else {
            throw APIError(.notFound, "unknown_bus", "没有总线 \(id) / no bus \(id) (buses: \(buses.map(\.id).joined(separator: ", ")))")
        }
        return (bus, codec)
    }
}
