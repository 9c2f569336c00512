import HallDevices
import Testing

/// The serial ESC/POS printer's driver on a manual clock: paper status asked and followed,
/// jobs held for paper and confirmed by the answer after them.
@Suite("ESC/POS printer driver")
struct EscPosPrinterDriverTests {
    typealias Report = EscPosPrinterDriver.Report
    static let ask = DriverAction<Report>.write(EscPosPrinterDriver.paperStatusRequest)
    static let (present, nearEnd, out): (UInt8, UInt8, UInt8) = (0x12, 0x1E, 0x72)

    @Test(
        "status bytes: 12 present, 1E near its end, 72 out; a byte without bits 1 and 4 set is no status",
        arguments: [(0x12, .present), (0x1E, .nearEnd), (0x72, .out), (0x7E, .out), (0x16, .nearEnd), (0x00, nil), (0x92, nil)]
            as [(UInt8, EscPosPrinterDriver.Paper?)])
    func statusByte(byte: UInt8, paper: EscPosPrinterDriver.Paper?) {
        #expect(EscPosPrinterDriver.paper(status: byte) == paper)
    }

    @Test("a job goes after an answer that says paper is there, and is printed when the next answer still says so")
    func printOne() {
        var driver = EscPosPrinterDriver(settings: .init())
        #expect(driver.start(now: 0) == [Self.ask])
        #expect(driver.received([Self.present], now: 0.01) == [.report(.paper(.present))])
        #expect(driver.nextTick == 0.01 + 2, "asked again while idle")
        #expect(driver.submit([1, 2, 3], id: "A001", now: 0.5) == [Self.ask])
        #expect(driver.submit([4], id: "A002", now: 0.51).isEmpty, "the answer on its way covers it")
        #expect(driver.received([Self.present], now: 0.52) == [.write([1, 2, 3]), .write([4]), Self.ask])
        #expect(driver.unprinted == ["A001", "A002"])
        #expect(driver.received([Self.present], now: 0.6) == [.report(.printed(id: "A001")), .report(.printed(id: "A002"))])
        #expect(driver.unprinted.isEmpty)
        #expect(driver.tick(now: 2.6) == [Self.ask])
    }

    @Test("out of paper: jobs wait; a job the paper ran out under prints again, whole, when paper is back")
    func paperOut() {
        var driver = EscPosPrinterDriver(settings: .init())
        _ = driver.start(now: 0)
        _ = driver.received([Self.present], now: 0.01)
        _ = driver.submit([9, 9], id: "A001", now: 1)
        #expect(driver.received([Self.present], now: 1.01) == [.write([9, 9]), Self.ask])
        #expect(driver.received([Self.out], now: 1.1) == [.report(.paper(.out))])
        #expect(driver.submit([8], id: "A002", now: 1.5) == [Self.ask])
        #expect(driver.received([Self.out], now: 1.51).isEmpty, "nothing goes out without paper")
        #expect(driver.unprinted == ["A001", "A002"])
        #expect(driver.tick(now: 3.6) == [Self.ask])
        let back = driver.received([Self.nearEnd], now: 3.61)
        #expect(back == [.report(.paper(.nearEnd)), .write([9, 9]), .write([8]), Self.ask])
        #expect(driver.received([Self.nearEnd], now: 3.7).reports() == [.printed(id: "A001"), .printed(id: "A002")])
    }

    @Test("a printer that stops answering holds its jobs, is reported once, and tells its paper again when it answers")
    func silence() {
        var driver = EscPosPrinterDriver(settings: .init())
        _ = driver.start(now: 0)
        _ = driver.received([Self.present], now: 0.01)
        _ = driver.submit([7], id: "A001", now: 1)
        _ = driver.received([Self.present], now: 1.01)
        #expect(driver.tick(now: 1.2).isEmpty)
        #expect(driver.tick(now: 1.52).reports() == [.silent("无应答 / no answer to a status request within 500 ms")])
        #expect(driver.unprinted == ["A001"], "switched off under the job: not printed")
        #expect(driver.tick(now: 3.53) == [Self.ask])
        #expect(driver.tick(now: 4.04).isEmpty, "reported once")
        _ = driver.tick(now: 6.05)
        #expect(driver.received([Self.present], now: 6.06) == [.report(.paper(.present)), .write([7]), Self.ask])
    }

    @Test("garbage instead of a status byte is reported and not taken for one; a link that drops sends unconfirmed jobs again")
    func garbageAndReconnect() {
        var driver = EscPosPrinterDriver(settings: .init())
        _ = driver.start(now: 0)
        #expect(driver.received([0x00], now: 0.01).reports() == [.garbled("not a status byte: 0")])
        _ = driver.received([Self.present], now: 0.02)
        _ = driver.submit([5], id: "A001", now: 1)
        _ = driver.received([Self.present], now: 1.01)
        // The link went down and came back before the confirming answer.
        #expect(driver.start(now: 2) == [Self.ask])
        #expect(driver.received([Self.present], now: 2.01) == [.write([5]), Self.ask])
    }

    @Test("a printer that cannot answer (status_request: false) prints at once, and each job counts when written")
    func noStatus() {
        var settings = EscPosPrinterDriver.Settings()
        settings.statusRequest = false
        var driver = EscPosPrinterDriver(settings: settings)
        #expect(driver.start(now: 0).isEmpty && driver.nextTick == nil)
        #expect(driver.submit([1], id: "A001", now: 1) == [.write([1]), .report(.printed(id: "A001"))])
    }
}
