// swift-tools-version:6.0
//
// gamenight — no Swift package dependencies (design card): toolchain plus the
// system libraries sqlite3 and libcurl, reached through module maps.
//
// Dependency direction (each arrow is "depends on"):
//
//   api-gateway ──────────────► Runtime ─► IO ─► CSystemLinux
//   session/vote/monitor ─► ServiceSupport ─┤  ├─► WebSocket ─► HTTP, Crypto
//                              │            │  ├─► HTTP, RPC ─► JSON
//                              │            │  └─► Crypto ─► CSystemLinux
//                              └─► Storage ─► CSQLite
//   every process, ServiceSupport ─► Contracts ─► JSON, RPC
//   session/monitor ─► Outbound ─► IO, HTTP, WebSocket, Crypto, CCurlShim ─► CCurl
//   gamenight-run ─► Runtime (Configuration, SystemdNotifier), IO (signal blocking)
//
// Pure protocol modules (JSON, Crypto, HTTP, RPC, CSV) never touch a socket; IO
// never parses a protocol; Runtime is the glue that drives parsers from
// sockets. Outbound is the glue for connections we open (HTTP fetches,
// WebSocket clients) through libcurl's multi socket API on an IO loop.
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "gamenight",
    products: [
        .executable(name: "api-gateway", targets: ["api-gateway"]),
        .executable(name: "session-service", targets: ["session-service"]),
        .executable(name: "monitor-service", targets: ["monitor-service"]),
        .executable(name: "vote-service", targets: ["vote-service"]),
        .executable(name: "gamenight-run", targets: ["gamenight-run"]),
        .executable(name: "gamenight-fanout", targets: ["gamenight-fanout"]),
    ],
    targets: [
        // C shims
        .target(name: "CSystemLinux", path: "Shared/CSystemLinux"),
        .systemLibrary(name: "CSQLite", path: "Shared/CSQLite", pkgConfig: "sqlite3",
                       providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CCurl", path: "Shared/CCurl", pkgConfig: "libcurl",
                       providers: [.apt(["libcurl4-openssl-dev"])]),
        // Fixed-signature wrappers for libcurl's variadic calls (curl_easy_setopt…).
        .target(name: "CCurlShim", dependencies: ["CCurl"], path: "Shared/CCurlShim",
                linkerSettings: [.linkedLibrary("curl")]),

        // Pure protocol code
        .target(name: "JSON", path: "Shared/JSON", swiftSettings: swiftSettings),
        .target(name: "Crypto", dependencies: ["CSystemLinux", "JSON"], path: "Shared/Crypto",
                swiftSettings: swiftSettings),
        .target(name: "HTTP", dependencies: ["JSON"], path: "Shared/HTTP", swiftSettings: swiftSettings),
        .target(name: "RPC", dependencies: ["JSON"], path: "Shared/RPC", swiftSettings: swiftSettings),
        .target(name: "CSV", path: "Shared/CSV", swiftSettings: swiftSettings),
        .target(name: "WebSocket", dependencies: ["HTTP", "Crypto"], path: "Shared/WebSocket",
                swiftSettings: swiftSettings),

        // I/O and storage
        .target(name: "IO", dependencies: ["CSystemLinux"], path: "Shared/IO", swiftSettings: swiftSettings),
        .target(name: "Storage", dependencies: ["CSQLite"], path: "Shared/Storage", swiftSettings: swiftSettings),

        // Glue: servers, clients, lifecycle
        .target(name: "Runtime", dependencies: ["IO", "HTTP", "RPC", "JSON", "Crypto", "WebSocket", "CSystemLinux"],
                path: "Shared/Runtime", swiftSettings: swiftSettings),
        .target(name: "Outbound", dependencies: ["IO", "HTTP", "WebSocket", "Crypto", "CCurlShim"],
                path: "Shared/Outbound", swiftSettings: swiftSettings),
        .target(name: "ServiceSupport", dependencies: ["Runtime", "Storage", "IO", "JSON", "RPC", "Contracts"],
                path: "Shared/ServiceSupport", swiftSettings: swiftSettings),
        .target(name: "Contracts", dependencies: ["JSON", "RPC"], path: "Shared/Contracts",
                swiftSettings: swiftSettings),

        // Processes
        .executableTarget(name: "api-gateway", dependencies: ["Runtime", "Contracts", "Crypto", "HTTP", "RPC", "JSON", "IO",
                                                            "WebSocket"],
                          path: "Services/api-gateway",
                          resources: [.embedInCode("Resources/openapi.json"),
                                      // The dashboard (see Resources/web/README.md).
                                      .embedInCode("Resources/web")], swiftSettings: swiftSettings),
        .executableTarget(name: "session-service", dependencies: ["ServiceSupport", "Runtime", "Contracts", "Storage", "RPC", "JSON", "IO",
                                                                "Crypto", "CCurlShim", "Outbound", "CSV"],
                          path: "Services/session-service",
                          resources: [.embedInCode("Resources/jackbox-games.json")], swiftSettings: swiftSettings),
        .executableTarget(name: "monitor-service", dependencies: ["ServiceSupport", "Runtime", "Contracts", "Storage", "RPC", "JSON", "IO", "Outbound", "CCurlShim", "Crypto"],
                          path: "Services/monitor-service", swiftSettings: swiftSettings),
        .executableTarget(name: "vote-service", dependencies: ["ServiceSupport", "Runtime", "Contracts", "Storage", "RPC", "JSON", "IO", "Crypto"],
                          path: "Services/vote-service", swiftSettings: swiftSettings),
        .executableTarget(name: "gamenight-run", dependencies: ["CSystemLinux", "Runtime", "IO"],
                          path: "deploy/gamenight-run", swiftSettings: swiftSettings),

        // Benchmark client (make bench), on the project's own event loop.
        .executableTarget(name: "gamenight-fanout", dependencies: ["IO", "WebSocket"],
                          path: "bench/fanout-client", swiftSettings: swiftSettings),

        // Unit tests (integration tests live in Tests/integration, pytest)
        .target(name: "TestSupport", dependencies: ["Storage", "Contracts"], path: "Tests/TestSupport"),
        .testTarget(name: "JSONTests", dependencies: ["TestSupport", "JSON"], path: "Tests/JSONTests"),
        .testTarget(name: "CryptoTests", dependencies: ["TestSupport", "Crypto", "JSON"], path: "Tests/CryptoTests"),
        .testTarget(name: "HTTPTests", dependencies: ["TestSupport", "HTTP"], path: "Tests/HTTPTests"),
        .testTarget(name: "WebSocketTests", dependencies: ["TestSupport", "WebSocket", "HTTP", "Crypto"], path: "Tests/WebSocketTests"),
        .testTarget(name: "ContractsTests", dependencies: ["Contracts"], path: "Tests/ContractsTests"),
        .testTarget(name: "CSVTests", dependencies: ["TestSupport", "CSV"], path: "Tests/CSVTests"),
        .testTarget(name: "RPCTests", dependencies: ["TestSupport", "RPC", "JSON"], path: "Tests/RPCTests"),
        .testTarget(name: "StorageTests", dependencies: ["Storage"], path: "Tests/StorageTests"),
        .testTarget(name: "SessionDomainTests", dependencies: ["session-service", "ServiceSupport", "TestSupport", "Storage", "Contracts", "JSON", "Crypto"],
                    path: "Tests/SessionDomainTests"),
        .testTarget(name: "VoteDomainTests", dependencies: ["vote-service", "ServiceSupport", "TestSupport", "Storage", "Contracts", "JSON", "Crypto"],
                    path: "Tests/VoteDomainTests"),
        .testTarget(name: "MonitorDomainTests", dependencies: ["monitor-service", "JSON", "Contracts", "TestSupport", "Storage"],
                    path: "Tests/MonitorDomainTests"),
        .testTarget(name: "GatewayTests", dependencies: ["api-gateway", "HTTP", "JSON", "Crypto"],
                    path: "Tests/GatewayTests"),
        .testTarget(name: "SupervisorTests", dependencies: ["gamenight-run", "Runtime"], path: "Tests/SupervisorTests"),
        .testTarget(name: "OutboundTests", dependencies: ["TestSupport", "Outbound", "IO", "HTTP", "WebSocket", "Crypto",
                                                        "CCurlShim"],
                    path: "Tests/OutboundTests"),
        .testTarget(name: "IOTests", dependencies: ["TestSupport", "IO", "Runtime", "RPC", "JSON", "HTTP"], path: "Tests/IOTests"),
    ]
)
