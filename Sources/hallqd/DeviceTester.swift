import Foundation
import HallConfig
import HallDevices
import HallLayout
import HallLinux
import HallProtocols
import HallServer

/// The technician's active tests: a test page on a kiosk printer (every size, Chinese, a QR
/// code and the cut, then the CUPS job followed to its end), a test pattern on a board, all
/// segments on a keypad's digits.
struct DeviceTester: Sendable {
    /// The printers and buses of the configuration in force.
    let wing: DeviceWing

    func test(_ id: String) async -> DeviceTest? {
        if let printer = wing.printers.first(where: { $0.role == id }) { return await testPage(printer) }
        for (configuration, bus) in wing.buses.map({ ($0.configuration, $0.scheduler) }) {
            guard let board = configuration.boards.first(where: { $0.id == id }), let codec = board.profile.boardProtocol else { continue }
            let pattern = codec.asciiOnly ? "8888\n8888" : "测试 8888\n8888 测试"
            let result = await bus.exchangeOnce(pattern, address: board.address, codec: codec, ackTimeout: board.profile.boardAckTimeout)
            let step: DeviceTest.Step =
                switch result {
                case .success(let seconds):
                    .init(
                        step: "测试图案 / test pattern", result: codec.answers ? "已应答 / answered" : "已发出（不应答的协议） / sent (no answers)", ok: true,
                        milliseconds: seconds * 1000)
                case .failure(let failure):
                    .init(step: "测试图案 / test pattern", result: "无应答：检查 RS-485 接线、终端电阻与地址 / no answer (\(failure.message))", ok: false)
                }
            return DeviceTest(device: id, steps: [step])
        }
        return nil
    }

    private func testPage(_ printer: KioskPrinting.Printer) async -> DeviceTest {
        let bytes = TestPage.bytes(
            encoding: EscPos.TextEncoding(rawValue: printer.profile.word("encoding") ?? "gb18030") ?? .gb18030,
            chineseMode: printer.profile.flag("chinese_mode") ?? true)
        switch printer.link {
        case .cups(let queue):
            return (try? await KioskPrinting.blocking { queue.testPage(bytes, device: printer.role) }.get())
                ?? DeviceTest(device: printer.role, steps: [.init(step: "CUPS", result: "the test did not run", ok: false)])
        case .serial(let runner):
            // Printed, or held for paper, by the printer's runner; its state tells which.
            runner.submit(bytes, id: "test-page")
            return DeviceTest(
                device: printer.role, steps: [.init(step: "测试页 / test page", result: "已交给打印机 / handed to the printer", ok: true)])
        }
    }
}
