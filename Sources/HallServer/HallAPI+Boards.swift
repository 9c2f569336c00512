import Foundation
import HallAPIModels
import HallDevices
import HallProtocols
import Hummingbird

/// What the LED boards show, and the technician's test pattern and address scan.
extension HallAPI {
    func addBoardRoutes(to router: Router<Context>) {
        router.get("/api/v1/boards") { request, _ in
            try authorize(request, [.admin, .technician, .display])
            return JSON.response(buses().flatMap(\.views))
        }

        // A test pattern on one board: every segment lit, Chinese where the board has it.
        router.post("/api/v1/buses/{bus}/boards/{address}/test") { request, context in
            try authorize(request, [.admin, .technician])
            let (bus, codec) = try busAndCodec(context)
            let address = try context.parameters.require("address", as: Int.self)
            let pattern = codec.asciiOnly ? "TEST 8888\n8888 TEST" : "测试 8888\n8888 测试"
            return JSON.response(
                BoardProbe(
                    address, await bus.exchangeOnce(pattern, address: address, codec: codec, ackTimeout: 0.2), answers: codec.answers))
        }

        // Which addresses answer: a blank frame to each in turn.
        router.post("/api/v1/buses/{bus}/scan") { request, context in
            try authorize(request, [.admin, .technician])
            let (bus, codec) = try busAndCodec(context)
            guard codec.answers else {
                throw APIError(
                    .conflict, "no_replies", "该协议的屏不应答，无法扫描 / boards of this protocol do not answer, so they cannot be found by a scan")
            }
            let range = try await JSON.decode(ScanRange.self, from: request)
            let (from, to) = (range.from ?? 1, range.to ?? 32)
            guard (0...65535).contains(from), (from...65535).contains(to), to - from < 256 else {
                throw APIError(.badRequest, "bad_range", "地址范围应为 0–65535，最多 256 个 / scan at most 256 addresses within 0–65535")
            }
            var found: [BoardProbe] = []
            for address in from...to {
                found.append(
                    BoardProbe(address, await bus.exchangeOnce("", address: address, codec: codec, ackTimeout: 0.1), answers: true))
            }
            return JSON.response(found)
        }
    }

    private func busAndCodec(_ context: Context) throws -> (BoardBus, any BoardProtocol) {
        let id = context.parameters.get("bus") ?? ""
        guard let bus = buses().first(where: { $0.id == id }),
            let codec = configuration.value.buses.first(where: { $0.id == id })?.profile.boardProtocol
        else {
            throw APIError(.notFound, "unknown_bus", "没有总线 \(id) / no bus \(id) (buses: \(buses().map(\.id).joined(separator: ", ")))")
        }
        return (bus, codec)
    }
}

extension BoardProbe {
    /// A board's answer; `answers` is false for protocols whose boards never answer.
    init(_ address: Int, _ result: Result<Double, BoardBus.DiagnosticFailure>, answers: Bool) {
        switch result {
        case .success(let seconds): self.init(address: address, answered: answers, milliseconds: (seconds * 10_000).rounded() / 10)
        case .failure(let failure): self.init(address: address, answered: false, problem: failure.message)
        }
    }
}
