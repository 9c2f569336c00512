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
        do {
            try FileManager.default.createDirectory(atPath: hallConfiguration.dataDirectory, withIntermediateDirectories: true)
            let journal = try Journal(path: hallConfiguration.dataDirectory + "/journal.sqlite")
            engine = try HallEngine(definition: hallConfiguration.definition, journal: journal, logger: logger)
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
        let (buses, busEvents) = BoardService.buses(hallConfiguration)
        let keyer = HolderKeyer(secret: secret, timeZone: hallConfiguration.definition.policy.timeZone)
        let (runners, reports) = DeviceService.runners(hallConfiguration, paths: paths, buses: buses.map(\.bus), keyer: keyer)
        let input = KioskInput(engine: engine, logger: logger, clock: Date.init)
        let discovery = UdevDiscovery(configuredPaths: hallConfiguration.deviceRoles.compactMap(\.path))
        let ticketKeys = TicketKeys(secret: secret)
        let printing = KioskPrinting(
            printers: KioskPrinting.printers(hallConfiguration, runners: runners), engine: engine, configuration: live, registry: registry,
            ticketKeys: ticketKeys,
            logger: logger)
        let announcements = Announcements()
        var voice: Voice?
        if let settings = hallConfiguration.voice?.settings {
            do {
                voice = try Voice(settings: settings)
            } catch {
                logger.critical(
                    "cannot use the voice's output directory", metadata: ["directory": "\(settings.outputDirectory)", "error": "\(error)"])
                throw ExitCode(1)
            }
        }
        let keys = KeyLog()
        let tester = DeviceTester(printers: printing.printers, buses: buses)
        let api = HallAPI(
            engine: engine, configuration: live, metrics: HallMetrics(), devices: registry,
            reprint: { number, kiosk in await printing.reprint(number, at: kiosk) }, buses: buses.map(\.bus), announcements: announcements,
            ticketKeys: ticketKeys, testDevice: { id in await tester.test(id) }, keys: keys)
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
                            registry: registry, discovery: discovery, runners: runners, reports: reports, input: input, printing: printing,
                            engine: engine,
                            logger: logger)),
                    .init(service: app),
                    .init(service: printing),
                    .init(
                        service: BoardService(
                            buses: buses, events: busEvents, engine: engine, registry: registry, keys: keys, logger: logger)),
                    .init(
                        service: VoiceService(
                            voice: voice, configuration: hallConfiguration.voice, engine: engine, announcements: announcements,
                            logger: logger)),
                    .init(
                        service: ReloadService(
                            path: config, live: live, engine: engine, devices: registry, notifier: notifier, logger: logger)),
                    .init(service: WatchdogService(engine: engine, notifier: notifier)),
                    .init(service: EventStreamCloser(engine: engine, notifier: notifier)),
                ],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        try await group.run()
        logger.info("stopped")
    }
}
