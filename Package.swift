// swift-tools-version:6.0
import PackageDescription

/// How the shipped programs are linked in a release build (with `--static-swift-stdlib`, as
/// scripts/demo and the benchmarks build them). A daemon that idles all day in a small box is
/// mostly mapped code: lld with packed relative relocations (DT_RELR, glibc 2.36) keeps the
/// 120,000 relocations of a position-independent binary from filling 3 MB of pages at start,
/// and the Swift runtime's static link would otherwise export every symbol of the program.
let releaseLinking: [LinkerSetting] = [
    .unsafeFlags(
        ["-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs", "-Xlinker", "--no-export-dynamic"],
        .when(platforms: [.linux], configuration: .release))
]

let package = Package(
    name: "HallQueue",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "hallqd", targets: ["hallqd"]),
        .executable(name: "hallctl", targets: ["hallctl"]),
        .executable(name: "hallbench", targets: ["hallbench"]),
        .executable(name: "hallsim", targets: ["hallsim"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
    ],
    targets: [
        // The queue's types and rules: no YAML, no files.
        .target(name: "HallCore", dependencies: [.product(name: "HeapModule", package: "swift-collections")]),
        // Reading YAML: nodes that name file, line and column in every error.
        .target(name: "HallYAML", dependencies: [.product(name: "Yams", package: "Yams")]),
        .target(
            name: "HallStore",
            dependencies: [
                "HallCore", "HallAPIModels",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(name: "HallProtocols", dependencies: ["HallCore"]),
        // Who a citizen is, as far as the hall may know: ID validity, masking, keyed hashes, the
        // hall secret, the ticket keys.
        .target(
            name: "HallIdentity",
            dependencies: [
                "HallCore", "HallProtocols", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
            ]),
        .target(name: "HallLayout", dependencies: ["HallCore", "HallYAML", "HallProtocols", .product(name: "Yams", package: "Yams")]),
        .target(name: "HallAnnounce", dependencies: ["HallCore", "HallYAML"]),
        .target(
            name: "HallDevices",
            dependencies: ["HallCore", "HallYAML", "HallProtocols", "HallIdentity"]
        ),
        // The hall's configuration (`hall.yaml` and what it names): read, checked, and compared on reload.
        .target(
            name: "HallConfig",
            dependencies: [
                "HallCore", "HallYAML", "HallProtocols", "HallDevices", "HallLayout", "HallAnnounce", "HallIdentity",
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // The API's requests and answers, shared by the server and every client.
        .target(name: "HallAPIModels", dependencies: ["HallCore"]),
        // A blocking HTTP client for the API, typed by HallAPIModels: no NIO, no Hummingbird.
        .target(name: "HallClient", dependencies: ["HallAPIModels", "HallDevices"]),
        .systemLibrary(name: "CUdev", pkgConfig: "libudev", providers: [.apt(["libudev-dev"])]),
        .systemLibrary(name: "CUSB", pkgConfig: "libusb-1.0", providers: [.apt(["libusb-1.0-0-dev"])]),
        // Debian 12's libcups2-dev ships no cups.pc.
        .systemLibrary(name: "CCups", providers: [.apt(["libcups2-dev"])]),
        .target(
            name: "HallLinux",
            dependencies: ["HallCore", "HallDevices", "HallIdentity", "HallProtocols", "CUdev", "CUSB", "CCups"]
        ),
        .target(
            name: "HallServer",
            dependencies: [
                "HallCore", "HallAPIModels", "HallConfig", "HallIdentity", "HallStore", "HallDevices", "HallProtocols", "HallLayout",
                "HallAnnounce",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            // The pages and the API description, as files that can be linted and diffed, compiled in.
            resources: [
                .embedInCode("Resources/frame.html"), .embedInCode("Resources/shared.css"), .embedInCode("Resources/shared.js"),
                .embedInCode("Resources/kiosk.html"), .embedInCode("Resources/window.html"), .embedInCode("Resources/rating.html"),
                .embedInCode("Resources/evaluate.html"), .embedInCode("Resources/ticket.html"), .embedInCode("Resources/admin.html"),
                .embedInCode("Resources/display.html"), .embedInCode("Resources/openapi.yaml"),
            ]
        ),
        .target(
            name: "HallTesting",
            dependencies: ["HallCore", "HallClient", "HallConfig", "HallDevices", "HallLayout", "HallProtocols", "HallLinux"]
        ),
        .executableTarget(
            name: "hallqd",
            dependencies: [
                "HallCore", "HallConfig", "HallIdentity", "HallStore", "HallServer", "HallDevices", "HallLayout", "HallProtocols",
                "HallLinux",
                "HallAnnounce",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            linkerSettings: releaseLinking
        ),
        .executableTarget(
            name: "hallctl",
            dependencies: [
                "HallCore", "HallAPIModels", "HallClient", "HallConfig", "HallIdentity", "HallYAML", "HallDevices", "HallLayout",
                "HallProtocols", "HallLinux",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Yams", package: "Yams"),
            ],
            linkerSettings: releaseLinking
        ),
        .executableTarget(
            name: "hallsim",
            dependencies: [
                "HallConfig", "HallDevices", "HallTesting",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            linkerSettings: releaseLinking
        ),
        .executableTarget(
            name: "hallbench",
            dependencies: [
                "HallCore", "HallAPIModels", "HallClient", "HallProtocols", "HallTesting",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            linkerSettings: releaseLinking
        ),
        .testTarget(name: "HallCoreTests", dependencies: ["HallCore", "HallTesting"]),
        .testTarget(name: "HallProtocolsTests", dependencies: ["HallCore", "HallProtocols", "HallTesting"]),
        .testTarget(name: "HallLayoutTests", dependencies: ["HallCore", "HallProtocols", "HallLayout"]),
        .testTarget(name: "HallIdentityTests", dependencies: ["HallCore", "HallIdentity", "HallProtocols"]),
        .testTarget(name: "HallConfigTests", dependencies: ["HallConfig", "HallLayout", "HallIdentity", "HallYAML"]),
        .testTarget(
            name: "HallStoreTests", dependencies: ["HallCore", "HallStore", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "HallAnnounceTests", dependencies: ["HallCore", "HallAnnounce"]),
        .testTarget(
            name: "HallServerTests",
            dependencies: [
                "HallCore", "HallAPIModels", "HallConfig", "HallProtocols", "HallServer", "HallStore", "HallTesting",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
        .testTarget(
            name: "DaemonTests",
            dependencies: [
                "HallCore", "HallAPIModels", "HallClient", "HallConfig", "HallDevices", "HallIdentity", "HallProtocols", "HallLinux",
                "HallStore", "HallTesting", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"), .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        .testTarget(name: "HallDevicesTests", dependencies: ["HallCore", "HallDevices", "HallTesting"]),
        .testTarget(
            name: "HallLinuxTests",
            dependencies: ["HallCore", "HallDevices", "HallIdentity", "HallProtocols", "HallLayout", "HallLinux", "HallTesting"]),
        // Only inside a umockdev testbed: scripts/test runs it under umockdev-run.
        .testTarget(name: "UdevTests", dependencies: ["HallCore", "HallDevices", "HallProtocols", "HallLinux", "HallTesting"]),
    ]
)
