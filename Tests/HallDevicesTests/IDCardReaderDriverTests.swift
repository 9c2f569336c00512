import HallDevices
import HallProtocols
import Testing

/// The SAM reader's driver on a manual clock: the frames it writes and what it reports, for
/// each answer the reader may give.
@Suite("ID card reader driver")
struct IDCardReaderDriverTests {
    typealias Event = IDCardReaderDriver.Event
    static let settings = IDCardReaderDriver.Settings()
    static let card = IDCardRead(
        text: IDCardText(
            name: "张小三", sex: .male, nationCode: 1, birthDate: "19491231", address: "北京市东城区景山前街4号",
            number: "11010519491231002X", authority: "北京市公安局东城分局", validFrom: "20150101", validTo: nil),
        photoLength: 1024)

    /// The command frame for a payload.
    static func command(_ payload: [UInt8]) -> DriverAction<Event> { .write(SAMFrame.encode(payload)) }

    /// A reader reset and ready at `now`, its first find on the wire.
    static func readyDriver(now: Double = 0) -> IDCardReaderDriver {
        var driver = IDCardReaderDriver(settings: settings)
        _ = driver.start(now: now)
        _ = driver.received(SAMFrame.reply(.ok), now: now + 0.01)
        _ = driver.received(SAMFrame.reply(.ok), now: now + 0.02)
        return driver
    }

    /// Clock arithmetic in binary fractions is not exact: within a nanosecond is the same time.
    static func near(_ time: Double?, _ expected: Double) -> Bool { time.map { abs($0 - expected) < 1e-9 } ?? false }

    @Test("reset, SAM status, then a poll each interval; a new card is selected and read once, and removed after two 'no card' answers")
    func cycle() {
        var driver = IDCardReaderDriver(settings: Self.settings)
        #expect(driver.start(now: 0) == [Self.command(Self.settings.reset)])
        #expect(driver.nextTick == 1, "the reply's deadline")
        #expect(driver.received(SAMFrame.reply(.ok), now: 0.01) == [Self.command(Self.settings.samStatus)])
        #expect(driver.received(SAMFrame.reply(.ok), now: 0.02) == [.report(.ready), Self.command(Self.settings.findCard)])
        #expect(driver.received(SAMFrame.reply(.findCardFailed), now: 0.03).isEmpty)
        #expect(Self.near(driver.nextTick, 0.33), "the next poll")
        #expect(!driver.listening, "a reader speaks only when asked: not read between polls")
        #expect(driver.tick(now: 0.2).isEmpty, "not yet")
        #expect(driver.tick(now: 0.331) == [Self.command(Self.settings.findCard)])
        #expect(driver.received(SAMFrame.reply(.cardFound), now: 0.34) == [Self.command(Self.settings.selectCard)])
        // A reply that comes in pieces.
        let selected = SAMFrame.reply(.ok)
        #expect(driver.received(Array(selected.prefix(4)), now: 0.35).isEmpty)
        #expect(driver.received(Array(selected.dropFirst(4)), now: 0.36) == [Self.command(Self.settings.readTextPhoto)])
        let read = driver.received(SAMFrame.reply(.ok, data: Self.card.data), now: 0.431)
        #expect(read.reports() == [.cardRead(Self.card, took: 0.431 - 0.331)])
        #expect(driver.tick(now: 0.74) == [Self.command(Self.settings.findCard)])
        #expect(driver.received(SAMFrame.reply(.cardFound), now: 0.75).isEmpty, "still there: not read again")
        _ = driver.tick(now: 1.06)
        #expect(driver.received(SAMFrame.reply(.findCardFailed), now: 1.07).isEmpty, "one 'no card' right after a read is normal")
        _ = driver.tick(now: 1.38)
        #expect(driver.received(SAMFrame.reply(.findCardFailed), now: 1.39).reports() == [.cardRemoved])
        #expect(driver.frames == 9)
    }

    @Test("a reply that does not come is reported, a late one is dropped, and the next clean poll says recovered")
    func timeout() {
        var driver = Self.readyDriver()
        #expect(driver.tick(now: 1.0).isEmpty)
        #expect(driver.listening, "awaiting the reply")
        #expect(driver.tick(now: 1.03).reports() == [.garbled("no reply to find card within 1000 ms")])
        #expect(driver.listening, "a late reply is read, to be dropped")
        #expect(driver.received(SAMFrame.reply(.findCardFailed), now: 1.1).reports() == [.garbled("11 late bytes dropped")])
        #expect(driver.tick(now: 1.34) == [Self.command(Self.settings.findCard)])
        #expect(driver.received(SAMFrame.reply(.findCardFailed), now: 1.35).reports() == [.recovered])
        _ = driver.tick(now: 1.66)
        #expect(driver.received(SAMFrame.reply(.findCardFailed), now: 1.67).isEmpty, "recovered once")
    }

    @Test("a reader that never answers its reset is reset again after the poll interval")
    func silentReset() {
        var driver = IDCardReaderDriver(settings: Self.settings)
        _ = driver.start(now: 0)
        #expect(driver.tick(now: 1).reports() == [.garbled("no reply to reset within 1000 ms")])
        #expect(driver.tick(now: 1.31) == [Self.command(Self.settings.reset)])
    }

    @Test("a SAM that fails its self-test is a fault; it is reset again after a pause, and recovered once it answers well")
    func samFault() {
        var driver = IDCardReaderDriver(settings: Self.settings)
        _ = driver.start(now: 0)
        _ = driver.received(SAMFrame.reply(.ok), now: 0.01)
        #expect(
            driver.received(SAMFrame.reply(.samSelfTestFailed), now: 0.02).reports() == [.samFault(SAMStatus.samSelfTestFailed.description)]
        )
        #expect(driver.nextTick == 0.02 + IDCardReaderDriver.samFaultPause)
        #expect(driver.tick(now: 5.03) == [Self.command(Self.settings.reset)])
        _ = driver.received(SAMFrame.reply(.ok), now: 5.04)
        #expect(driver.received(SAMFrame.reply(.ok), now: 5.05).reports() == [.ready])
        #expect(driver.received(SAMFrame.reply(.findCardFailed), now: 5.06).reports() == [.recovered])
    }

    @Test("garbage before a reply is reported and skipped; the reply still counts; a card that cannot be read is asked for again once")
    func garbageAndCardProblems() {
        var driver = Self.readyDriver()
        let found = driver.received([0x55, 0x01] + SAMFrame.reply(.cardFound), now: 0.1)
        #expect(found == [.report(.garbled(SAMFrameError.garbage(count: 2).description)), Self.command(Self.settings.selectCard)])
        #expect(driver.received(SAMFrame.reply(.readFailed), now: 0.2).reports() == [.cardProblem(SAMStatus.readFailed.description)])
        _ = driver.tick(now: 0.51)
        // Not selected again: latched until lifted. The garbage is behind: recovered.
        #expect(driver.received(SAMFrame.reply(.cardFound), now: 0.52) == [.report(.recovered)])
    }
}
