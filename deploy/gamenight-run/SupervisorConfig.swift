import Runtime

/// Everything gamenight-run takes from its environment, resolved once at start-up.
///
/// Pure apart from what `Configuration` reads (`CREDENTIALS_DIRECTORY` files): the caller
/// passes the environment (`KEY=VALUE` strings, as in `environ`), the working directory
/// and the folder holding our own executable, so tests need no process state.
///
/// The settings the services share (`PORT`, `DATA_DIR`, `RUNTIME_DIR`,
/// `MONITOR_INSTANCES`, `HOST`, `LOG_LEVEL`, …) are parsed by Runtime's
/// `Configuration(environment:currentDirectory:)`, the same code every service runs, so
/// the supervisor accepts and refuses exactly what the services do (e.g. `PORT=0`, an
/// ephemeral port). Only the supervisor's own knobs are parsed here:
///
/// - `GAMENIGHT_BIN_DIR`: where the four service executables are (default: next to us).
/// - `GAMENIGHT_RUN_READY_TIMEOUT`, `GAMENIGHT_RUN_STOP_TIMEOUT`: seconds (default 30 and
///   10) to wait for `READY=1`, and between SIGTERM and SIGKILL.
///
/// `RUNTIME_DIR` (socket folder, default `$DATA_DIR/run`) matters to us too: set it when
/// `DATA_DIR` is so deep that socket paths would pass the 107-byte `sun_path` limit
/// (unix(7)).
struct SupervisorConfig: Sendable, Equatable {
    /// 0: the gateway binds an ephemeral port (as `Configuration` allows).
    var port: Int
    /// Absolute, so children that change directory still find it.
    var dataDirectory: String
    /// Absolute; created mode 0700 by the supervisor.
    var runtimeDirectory: String
    var binaryDirectory: String
    var monitorInstances: Int
    /// An admin key is configured (`ADMIN_KEY`, or systemd credentials), so the gateway
    /// will not write `admin.key`.
    var adminKeyFromEnvironment: Bool
    var readyTimeout: Duration
    var stopTimeout: Duration
    /// Our own environment, passed on to the children (minus protocol variables).
    var inheritedEnvironment: [String]

    init(environment: [String], currentDirectory: String, executableDirectory: String) throws(ConfigError) {
        let lookup = EnvironmentLookup(environment)
        let shared: Configuration
        do {
            shared = try Configuration(environment: lookup.values, currentDirectory: currentDirectory)
        } catch {
            throw ConfigError("\(error)")
        }
        port = Int(shared.port)
        monitorInstances = shared.monitorInstances
        dataDirectory = shared.dataDirectory
        runtimeDirectory = shared.runtimeDirectory
        adminKeyFromEnvironment = shared.adminKey != nil
        binaryDirectory = lookup["GAMENIGHT_BIN_DIR"].map { PathText.absolute($0, relativeTo: currentDirectory) }
            ?? executableDirectory
        readyTimeout = try Self.seconds(lookup["GAMENIGHT_RUN_READY_TIMEOUT"], name: "GAMENIGHT_RUN_READY_TIMEOUT",
                                        default: .seconds(30))
        stopTimeout = try Self.seconds(lookup["GAMENIGHT_RUN_STOP_TIMEOUT"], name: "GAMENIGHT_RUN_STOP_TIMEOUT",
                                       default: .seconds(10))
        inheritedEnvironment = environment

        for child in children where child.notifySocketPath.utf8.count > UnixSocketAddress.maximumPathLength {
            throw ConfigError("socket path \(child.notifySocketPath) is longer than "
                + "\(UnixSocketAddress.maximumPathLength) bytes; set RUNTIME_DIR to a shorter folder")
        }
    }

    /// Where to open gamenight; nil with `PORT=0`, where only the gateway knows its port.
    var url: String? { port == 0 ? nil : "http://localhost:\(port)" }

    /// The first line printed once every child is ready.
    var runningLine: String {
        url.map { "gamenight is running at \($0)" }
            ?? "gamenight is running; PORT=0: api-gateway listens on an ephemeral port"
    }

    /// Where an operator finds the admin key (the gateway writes the file on first start).
    var adminKeyLocation: String {
        adminKeyFromEnvironment ? "ADMIN_KEY from the environment" : PathText.join(dataDirectory, "admin.key")
    }

    private static func seconds(_ text: String?, name: String, default value: Duration) throws(ConfigError) -> Duration {
        guard let text else { return value }
        guard let number = Double(text), number > 0, number <= 3600 else {
            throw ConfigError("\(name) must be a number of seconds in (0, 3600], got '\(text)'")
        }
        return .milliseconds(Int64((number * 1000).rounded(.up)))
    }
}

struct ConfigError: Error, Equatable, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// `getenv` semantics over a `KEY=VALUE` list: first match wins; empty values count as
/// unset, so `PORT=` in an env file means "default", not "invalid".
struct EnvironmentLookup {
    /// Every key with its first value, empty ones included (`Configuration` treats empty
    /// as unset itself).
    private(set) var values: [String: String] = [:]

    init(_ environment: [String]) {
        for entry in environment {
            guard let equals = entry.firstIndex(of: "=") else { continue }
            let key = String(entry[..<equals])
            if values[key] == nil { values[key] = String(entry[entry.index(after: equals)...]) }
        }
    }

    subscript(key: String) -> String? {
        guard let value = values[key], !value.isEmpty else { return nil }
        return value
    }
}

/// Lexical path helpers (no file-system access).
enum PathText {
    static func absolute(_ path: String, relativeTo directory: String) -> String {
        normalized(path.hasPrefix("/") ? path : join(directory, path))
    }

    static func join(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    /// Drops empty and `.` components; keeps `..` (resolving it lexically is wrong across
    /// symlinks).
    static func normalized(_ path: String) -> String {
        let parts = path.split(separator: "/").filter { $0 != "." }
        return "/" + parts.joined(separator: "/")
    }

    static func directoryName(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    static func baseName(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }
}
