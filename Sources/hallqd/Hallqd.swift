import ArgumentParser
import Foundation
import HallAnnounce
import HallConfig
import HallCore
import HallDevices
import HallIdentity
import HallLinux
import HallServer
import HallStore
import Hummingbird
import Logging
import ServiceLifecycle

/// The hall daemon: owns the queue and serves the API.
@main
struct Hallqd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hallqd", abstract: "HallQueue daemon: the queue, the journal and the API of a service hall.")

    @Option(name: .long, help: "The hall configuration file.")
    var config = "/etc/hallqd/hall.yaml"

    @Flag(name: .long, help: "Check the configuration and exit.")
    var check = false

    func run() async throws {
        LoggingSystem.bootstrap { JournaldLogHandler(label: $0) }
        var mutableLogger = Logger(label: "hallqd")
        mutableLogger.logLevel = ProcessInfo.processInfo.environment["HALLQD_LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0) } ?? .info
        let logger = mutableLogger

        let hallConfiguration: HallConfiguration
        do {
            hallConfiguration = try HallConfiguration.load(path: config)
        } catch {
            FileHandle.standardError.write(Data("hallqd: \(error.description)\n".utf8))
            throw ExitCode(2)
        }
        if check {
            print(
                "\(config): ok (\(hallConfiguration.definition.services.count) services, \(hallConfiguration.definition.windows.count) windows)"
            )
            return
        }

        let engine: HallEngine
        let journal: Journal
        let audit: AuditLog
        do {
            try FileManager.default.createDirectory(atPath: hallConfiguration.dataDirectory, withIntermediateDirectories: true)
            journal = try Journal(path: hallConfiguration.dataDirectory + "/journal.sqlite")
            engine = try HallEngine(definition: hallConfiguration.definition, journal: journal, logger: logger)
            audit = try AuditLog(path: hallConfiguration.dataDirectory + "/audit.sqlite")
        } catch {
            logger.critical("cannot open the journal", metadata: ["directory": "\(hallConfiguration.dataDirectory)", "error": "\(error)"])
            throw ExitCode(1)
        }

        let secret: [UInt8]
        do {
            secret = try HallSecret.loadOrCreate(path: hallConfiguration.secretFile)
        } catch {
            logger.critical("cannot use the hall secret", metadata: ["error": "\(error.description)"])
            throw ExitCode(1)
        }

        let live = LiveConfiguration(hallConfiguration)
        let paths = DevicePaths()
        let registry = DeviceService.registry(
            catalog: hallConfiguration.catalog, roles: hallConfiguration.deviceRoles, engine: engine, paths: paths, logger: logger)
        let keyer = HolderKeyer(secret: secret, timeZone: hallConfiguration.definition.policy.timeZone) {
            live.value.definition.policy.elderlyPriorityAge
        }
        let wing = DeviceWing(hallConfiguration, paths: paths, keyer: keyer)
        let discovery = UdevDiscovery(configuredPaths: hallConfiguration.deviceRoles.compactMap(\.path))
        let ticketKeys = TicketKeys(secret: secret)
        let input = KioskInput(engine: engine, ticketKeys: ticketKeys, logger: logger, clock: Date.init)
        let printing = KioskPrinting(
            wing: wing, engine: engine, configuration: live, registry: registry, ticketKeys: ticketKeys, logger: logger)
        let announcements = Announcements()
        let voice: VoiceService.Live
        do {
            voice = VoiceService.Live(try hallConfiguration.voice.map { (voice: try Voice(settings: $0.settings), configuration: $0) })
        } catch {
            logger.critical("cannot use the voice's output directory", metadata: ["error": "\(error)"])
            throw ExitCode(1)
        }
        let keys = KeyLog()
        let sealer = ContactSealer(secret: secret)
        let reminders = TextReminders(engine: engine, journal: journal, logger: logger)
        let desk = StaffDesk(engine: engine, configuration: live, audit: audit)
        let boards = BoardService(wing: wing, engine: engine, registry: registry, keys: keys, desk: desk, logger: logger)
        let reloader = Reloader(
            path: config, live: live, engine: engine, registry: registry, wing: wing, printing: printing, boards: boards, voice: voice,
            logger: logger)
        let tester = DeviceTester(wing: wing)
        let api = HallAPI(
            engine: engine, configuration: live, metrics: HallMetrics(), devices: registry,
            reprint: { number, kiosk in await printing.reprint(number, at: kiosk) }, buses: { wing.buses.map(\.scheduler) },
            announcements: announcements, ticketKeys: ticketKeys, testDevice: { id in await tester.test(id) }, keys: keys,
            reload: { await reloader.reload() }, desk: desk, audit: audit, reminders: (reminders, sealer))
        let notifier = SystemdNotifier()
        let app = Application(
            router: api.router(),
            configuration: .init(
                address: .hostname(hallConfiguration.listenHost, port: hallConfiguration.listenPort), serverName: "hallqd"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? hallConfiguration.listenPort
                let url = "http://\(hallConfiguration.listenHost):\(port)"
                logger.info("ready", metadata: ["url": "\(url)", "hall": "\(hallConfiguration.definition.name)"])
                notifier.notify("READY=1\nSTATUS=listening on \(url)\nMAINPID=\(getpid())")
            },
            logger: logger)

        let group = ServiceGroup(
            configuration: .init(
                services: [
                    .init(
                        service: DeviceService(
                            registry: registry, discovery: discovery, wing: wing, input: input, printing: printing, engine: engine,
                            logger: logger)),
                    .init(service: app),
                    .init(service: printing),
                    .init(service: boards),
                    .init(service: VoiceService(live: voice, engine: engine, announcements: announcements, logger: logger)),
                    .init(service: ReloadService(reloader: reloader, notifier: notifier)),
                    .init(service: WatchdogService(engine: engine, notifier: notifier)),
                    .init(service: Sweeper(desk: desk, engine: engine, logger: logger)),
                    .init(service: TextReminderService(reminders: reminders)),
                    .init(service: RollupService(journal: journal, engine: engine, live: live, logger: logger)),
                    .init(service: TextMessageService(outbox: journal.outbox, sealer: sealer, live: live, logger: logger)),
                    .init(service: EventStreamCloser(engine: engine, notifier: notifier)),
                ],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        try await group.run()
        logger.info("stopped")
    }
}
