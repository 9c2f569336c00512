import Foundation
import HallDevices
import HallLayout
import HallLinux
import HallProtocols
import HallServer

/// The technician's active tests: a test page on a kiosk printer (every size, Chinese, a QR
/// code and the cut, then the CUPS job followed to its end), a test pattern on a board, all
/// segments on a keypad's digits.
struct DeviceTester: Sendable {
    let printers: [KioskPrinting.Printer]
    let buses: [(configuration: BusConfiguration, bus: BoardBus)]

    func test(_ id: String) async -> DeviceTest? {
        if let printer = printers.first(where: { $0.role == id }) { return await testPage(printer) }
        for (configuration, bus) in buses {
            guard let board = configuration.boards.first(where: { $0.id == id }), let codec = board.profile.boardProtocol else { continue }
            let pattern = codec.asciiOnly ? "8888\n8888" : "测试 8888\n8888 测试"
            let result = await bus.exchangeOnce(pattern, address: board.address, codec: codec, ackTimeout: board.profile.boardAckTimeout)
            let step: DeviceTest.Step =
                switch result {
                case .success(let seconds):
                    .init(step: "测试图案 / test pattern", result: codec.answers ? "已应答 / answered" : "已发出（不应答的协议） / sent (no answers)", ok: true, milliseconds: seconds * 1000)
                case .failure(let failure):
                    .init(step: "测试图案 / test pattern", result: "无应答：检查 RS-485 接线、终端电阻与地址 / no answer (\(failure.message))", ok: false)
                }
            return DeviceTest(device: id, steps: [step])
        }
        return nil
    }

    static let testTicket: [PrintedTicket.Element] = [
        .text("打印测试 / PRINT TEST", alignment: .center, width: 1, height: 1, bold: true),
        .text("A001", alignment: .center, width: 4, height: 4, bold: true),
        .text("大号 3x3", alignment: .center, width: 3, height: 3, bold: false),
        .text("中号 2x2", alignment: .center, width: 2, height: 2, bold: false),
        .text("正常 1x1 中文：社保 医保 不动产登记", alignment: .left, width: 1, height: 1, bold: false),
        .text("右对齐 right", alignment: .right, width: 1, height: 1, bold: false),
        .qr("HallQueue printer test", moduleSize: 6),
        .feed(2),
        .cut(.feedAndCut),
    ]

    private func testPage(_ printer: KioskPrinting.Printer) async -> DeviceTest {
        var steps: [DeviceTest.Step] = []
        let start = Date()
        do {
            let state = try await KioskPrinting.blocking { try printer.queue.printerState() }
            steps.append(.init(
                step: "CUPS 队列状态 / queue state", result: "state \(state.state), reasons \(state.reasons.isEmpty ? "none" : state.reasons.joined(separator: ","))\(state.fault.map { " → \($0)" } ?? "")",
                ok: state.fault == nil, milliseconds: Date().timeIntervalSince(start) * 1000))
            let bytes = TicketPrinterBytes.job(
                Self.testTicket, encoding: EscPos.TextEncoding(rawValue: printer.profile.word("encoding") ?? "gb18030") ?? .gb18030,
                chineseMode: printer.profile.flag("chinese_mode") ?? true)
            let sent = Date()
            let job = try await KioskPrinting.blocking { try printer.queue.submit(bytes, title: "test page") }
            steps.append(.init(step: "提交测试页 / test page sent", result: "job \(job), \(bytes.count) bytes", ok: true, milliseconds: Date().timeIntervalSince(sent) * 1000))
            var final: CupsQueue.JobState?
            for _ in 0..<50 {
                final = try await KioskPrinting.blocking { try printer.queue.jobState(job) }
                if final == .completed { break }
                try? await Task.sleep(for: .milliseconds(100))
            }
            steps.append(.init(
                step: "打印完成 / printed", result: final == .completed ? "完成 / completed" : "未完成：\(final.map { "\($0)" } ?? "?")，检查纸与打印机 / not completed: check the paper and the printer",
                ok: final == .completed, milliseconds: Date().timeIntervalSince(sent) * 1000))
        } catch {
            steps.append(.init(step: "CUPS", result: "\(error)", ok: false))
        }
        return DeviceTest(device: printer.role, steps: steps)
    }
}
