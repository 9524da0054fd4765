import Glibc

/// Settings read from the environment (the table in README.md, "Configuration"), with
/// every value validated once at start-up so a typo fails loudly instead of
/// surfacing later as odd behaviour.
public struct Configuration: Sendable {
    public let port: UInt16
    /// The gateway's bind address (`HOST`): 127.0.0.1 by default; `0.0.0.0`
    /// or `::` to serve other machines (production, behind a proxy).
    public let host: String
    /// Failed logins per client address and window before 429.
    public let loginMaxFailures: Int
    public let loginWindowMilliseconds: Int
    public let dataDirectory: String
    /// Where every Unix socket lives (`$RUNTIME_DIR`, systemd's
    /// `$RUNTIME_DIRECTORY`, or `$DATA_DIR/run`).
    public let runtimeDirectory: String
    public let adminKey: String?
    public let adminConfigPath: String?
    public let jwtSecret: String?
    public let ecastBaseURL: String
    public let monitorInstances: Int
    /// This process's monitor instance number (1-based), for monitor-service.
    public let monitorInstance: Int
    public let monitorHeartbeatSeconds: Int
    public let logLevel: LogLevel
    /// Event-loop threads in the gateway (each with its own listener).
    public let gatewayThreads: Int
    /// Per-call deadline for gateway → service calls.
    public let rpcTimeoutMilliseconds: Int
    /// Bounds on what one RPC connection may have outstanding before new
    /// calls fail at once with 503 "Service busy" (`RPC_MAX_IN_FLIGHT`,
    /// `RPC_MAX_QUEUED_BYTES`).
    public let rpcClientLimits: RPCClientLimits
    /// The gateway's HTTP limits; the timeouts can be shortened for tests.
    public let httpLimits: HTTPServerLimits
    /// The live WebSocket's limits.
    public let webSocketLimits: WebSocketLimits

    public struct Invalid: Error, CustomStringConvertible {
        public let variable: String
        public let value: String
        public let expected: String
        public var description: String { "invalid \(variable)=\"\(value)\": expected \(expected)" }

        public init(variable: String, value: String, expected: String) {
            self.variable = variable
            self.value = value
            self.expected = expected
        }
    }

    /// `currentDirectory` resolves a relative `DATA_DIR`/`RUNTIME_DIR` (default: the
    /// process's working directory); gamenight-run passes its own so its tests need no
    /// process state.
    public init(environment env: [String: String], currentDirectory: String? = nil) throws {
        func absolute(_ path: String) -> String { Self.absolute(path, relativeTo: currentDirectory) }
        func integer(_ name: String, default value: Int, in range: ClosedRange<Int>) throws -> Int {
            guard let raw = env[name], !raw.isEmpty else { return value }
            guard let parsed = Int(raw), range.contains(parsed) else {
                throw Invalid(variable: name, value: raw, expected: "an integer in \(range)")
            }
            return parsed
        }
        func nonEmpty(_ name: String) -> String? {
            guard let value = env[name], !value.isEmpty else { return nil }
            return value
        }

        port = UInt16(try integer("PORT", default: 5000, in: 0...65535))
        let hostValue = nonEmpty("HOST") ?? "127.0.0.1"
        guard Self.isIPLiteral(hostValue) else {
            throw Invalid(variable: "HOST", value: hostValue, expected: "an IPv4 or IPv6 address such as 127.0.0.1 or ::")
        }
        host = hostValue
        loginMaxFailures = try integer("LOGIN_MAX_FAILURES", default: 10, in: 1...1_000_000)
        loginWindowMilliseconds = try integer("LOGIN_WINDOW_MS", default: 60_000, in: 100...86_400_000)
        let data = absolute(nonEmpty("DATA_DIR") ?? "./data")
        dataDirectory = data
        runtimeDirectory = absolute(nonEmpty("RUNTIME_DIR") ?? nonEmpty("RUNTIME_DIRECTORY") ?? data + "/run")
        // systemd's LoadCredential= (the gateway unit): $CREDENTIALS_DIRECTORY/admin_key
        // and /jwt_secret, readable by this service alone; the environment wins.
        func credential(_ name: String) -> String? {
            guard let folder = nonEmpty("CREDENTIALS_DIRECTORY") else { return nil }
            return (try? SecretFile.read(folder + "/" + name)) ?? nil
        }
        adminKey = nonEmpty("ADMIN_KEY") ?? credential("admin_key")
        adminConfigPath = nonEmpty("ADMIN_CONFIG_PATH")
        jwtSecret = nonEmpty("JWT_SECRET") ?? credential("jwt_secret")
        let ecast = nonEmpty("ECAST_BASE_URL") ?? "https://ecast.jackboxgames.com"
        guard ecast.hasPrefix("http://") || ecast.hasPrefix("https://") else {
            throw Invalid(variable: "ECAST_BASE_URL", value: ecast, expected: "an http:// or https:// URL")
        }
        ecastBaseURL = ecast.hasSuffix("/") ? String(ecast.dropLast()) : ecast
        monitorInstances = try integer("MONITOR_INSTANCES", default: 1, in: 1...64)
        monitorInstance = try integer("MONITOR_INSTANCE", default: 1, in: 1...64)
        monitorHeartbeatSeconds = try integer("MONITOR_HEARTBEAT_SECONDS", default: 20, in: 1...3600)
        if let raw = nonEmpty("LOG_LEVEL") {
            guard let level = LogLevel(name: raw) else {
                throw Invalid(variable: "LOG_LEVEL", value: raw, expected: "debug, info, notice, warning or error")
            }
            logLevel = level
        } else {
            logLevel = .info
        }
        let cores = Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        gatewayThreads = try integer("GATEWAY_THREADS", default: max(1, min(cores, 8)), in: 1...64)
        rpcTimeoutMilliseconds = try integer("RPC_TIMEOUT_MS", default: 5000, in: 10...120_000)
        var clientLimits = RPCClientLimits()
        clientLimits.maxInFlightCalls = try integer("RPC_MAX_IN_FLIGHT", default: clientLimits.maxInFlightCalls,
                                                    in: 1...1_000_000)
        clientLimits.maxQueuedBytes = try integer("RPC_MAX_QUEUED_BYTES", default: clientLimits.maxQueuedBytes,
                                                  in: 1024...(1 << 30))
        rpcClientLimits = clientLimits
        var limits = HTTPServerLimits()
        limits.headerTimeoutMilliseconds = try integer("HTTP_HEADER_TIMEOUT_MS", default: limits.headerTimeoutMilliseconds,
                                                      in: 100...600_000)
        limits.bodyTimeoutMilliseconds = try integer("HTTP_BODY_TIMEOUT_MS", default: limits.bodyTimeoutMilliseconds,
                                                    in: 100...600_000)
        limits.idleTimeoutMilliseconds = try integer("HTTP_IDLE_TIMEOUT_MS", default: limits.idleTimeoutMilliseconds,
                                                    in: 100...3_600_000)
        limits.maxConnections = try integer("HTTP_MAX_CONNECTIONS", default: limits.maxConnections, in: 1...1_000_000)
        limits.closeTimeoutMilliseconds = try integer("HTTP_CLOSE_TIMEOUT_MS", default: limits.closeTimeoutMilliseconds,
                                                     in: 100...600_000)
        httpLimits = limits
        var socketLimits = WebSocketLimits()
        socketLimits.idleTimeoutMilliseconds = try integer("WS_IDLE_TIMEOUT_MS", default: socketLimits.idleTimeoutMilliseconds,
                                                          in: 200...3_600_000)
        socketLimits.maxQueuedBytes = try integer("WS_MAX_QUEUED_BYTES", default: socketLimits.maxQueuedBytes,
                                                  in: 1024...(1 << 30))
        socketLimits.maxConnections = try integer("WS_MAX_CONNECTIONS", default: socketLimits.maxConnections,
                                                  in: 1...1_000_000)
        socketLimits.authTimeoutMilliseconds = try integer("WS_AUTH_TIMEOUT_MS",
                                                           default: socketLimits.authTimeoutMilliseconds,
                                                           in: 100...3_600_000)
        webSocketLimits = socketLimits
    }

    /// The backends and their sockets under this configuration (the table
    /// is `BackendService.all`).
    public var services: ServiceDirectory { ServiceDirectory(configuration: self) }

    // Each service's own socket, for its listener (`ServiceHost`); derived
    // from the table so there is one place that names the sockets.
    public var sessionSocketPath: String { services.socketPath(of: .session) }
    public var voteSocketPath: String { services.socketPath(of: .vote) }
    public func monitorSocketPath(_ instance: Int) -> String { services.socketPath(of: .monitor, instance: instance) }
    /// The gateway's own socket, where services publish events.
    public var gatewayEventsSocketPath: String { runtimeDirectory + "/gateway-events.sock" }

    /// Creates the data and runtime folders (0700: the sockets are the only
    /// access control between the services). Existing ones are tightened to
    /// 0700 when group or others have access, and refused when another user
    /// owns them or they are not directories.
    public func prepareDirectories() throws {
        try Self.makeDirectory(dataDirectory, mode: 0o700)
        try Self.tighten(dataDirectory)
        try Self.makeDirectory(runtimeDirectory, mode: 0o700)
        try Self.tighten(runtimeDirectory, sharedByGroup: true)
    }

    /// Our own folder becomes 0700. A socket folder may instead belong to
    /// another user when it is shared through a group — under systemd,
    /// /run/gamenight is root:gamenight 2770 (tmpfiles.d), one service user
    /// each — as long as nobody outside that group can reach it.
    static func tighten(_ path: String, sharedByGroup: Bool = false) throws {
        var info = stat()
        guard lstat(path, &info) == 0 else { throw IOErrorDescription("stat \(path)", errno) }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            throw IOErrorDescription("\(path) is not a directory", ENOTDIR)
        }
        guard info.st_uid == geteuid() else {
            guard sharedByGroup, info.st_mode & 0o007 == 0 else {
                throw IOErrorDescription("\(path) belongs to another user (uid \(info.st_uid)) and is open to others",
                                         EPERM)
            }
            return
        }
        if info.st_mode & 0o077 != 0 && chmod(path, 0o700) != 0 {
            throw IOErrorDescription("chmod 0700 \(path)", errno)
        }
    }

    static func makeDirectory(_ path: String, mode: mode_t) throws {
        var partial = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            partial += "/" + component
            if mkdir(partial, mode) != 0 && errno != EEXIST {
                throw IOErrorDescription("mkdir \(partial)", errno)
            }
        }
    }

    static func isIPLiteral(_ text: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, text, &v4) == 1 || inet_pton(AF_INET6, text, &v6) == 1
    }

    static func absolute(_ path: String, relativeTo directory: String? = nil) -> String {
        if path.hasPrefix("/") { return path }
        let cwd: String
        if let directory {
            cwd = directory.count > 1 && directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        } else {
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX))
            guard getcwd(&buffer, buffer.count) != nil else { return path }
            cwd = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        let trimmed = path.hasPrefix("./") ? String(path.dropFirst(2)) : path
        return trimmed.isEmpty || trimmed == "." ? cwd : cwd + "/" + trimmed
    }
}

/// A failed file-system call during start-up.
public struct IOErrorDescription: Error, CustomStringConvertible {
    public let description: String
    public init(_ operation: String, _ code: Int32) {
        description = "\(operation): \(String(cString: strerror(code)))"
    }
}
