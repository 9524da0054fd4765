/// Everything gamenight-run takes from its environment, resolved once at start-up.
///
/// Pure: the caller passes the environment (`KEY=VALUE` strings, as in `environ`), the
/// working directory and the folder holding our own executable, so tests need no process
/// state. Variables documented in README.md ("Configuration") plus the supervisor's
/// own knobs:
///
/// - `GAMENIGHT_BIN_DIR`: where the four service executables are (default: next to us).
/// - `RUNTIME_DIR`: socket folder (default `$DATA_DIR/run`); set it when `DATA_DIR` is so
///   deep that socket paths would pass the 107-byte `sun_path` limit (unix(7)).
/// - `GAMENIGHT_RUN_READY_TIMEOUT`, `GAMENIGHT_RUN_STOP_TIMEOUT`: seconds (default 30 and
///   10) to wait for `READY=1`, and between SIGTERM and SIGKILL.
struct SupervisorConfig: Sendable, Equatable {
    var port: Int
    /// Absolute, so children that change directory still find it.
    var dataDirectory: String
    /// Absolute; created mode 0700 by the supervisor.
    var runtimeDirectory: String
    var binaryDirectory: String
    var monitorInstances: Int
    /// `ADMIN_KEY` is set (non-empty), so the gateway will not write `admin.key`.
    var adminKeyFromEnvironment: Bool
    var readyTimeout: Duration
    var stopTimeout: Duration
    /// Our own environment, passed on to the children (minus protocol variables).
    var inheritedEnvironment: [String]

    static let defaultPort = 5000
    static let maximumMonitorInstances = 64

    init(environment: [String], currentDirectory: String, executableDirectory: String) throws(ConfigError) {
        let lookup = EnvironmentLookup(environment)
        port = try Self.integer(lookup["PORT"], name: "PORT", default: Self.defaultPort, range: 1...65535)
        monitorInstances = try Self.integer(lookup["MONITOR_INSTANCES"], name: "MONITOR_INSTANCES", default: 1,
                                            range: 1...Self.maximumMonitorInstances)
        dataDirectory = PathText.absolute(lookup["DATA_DIR"] ?? "./data", relativeTo: currentDirectory)
        runtimeDirectory = lookup["RUNTIME_DIR"].map { PathText.absolute($0, relativeTo: currentDirectory) }
            ?? PathText.join(dataDirectory, "run")
        binaryDirectory = lookup["GAMENIGHT_BIN_DIR"].map { PathText.absolute($0, relativeTo: currentDirectory) }
            ?? executableDirectory
        adminKeyFromEnvironment = lookup["ADMIN_KEY"] != nil
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

    var url: String { "http://localhost:\(port)" }

    /// Where an operator finds the admin key (the gateway writes the file on first start).
    var adminKeyLocation: String {
        adminKeyFromEnvironment ? "ADMIN_KEY from the environment" : PathText.join(dataDirectory, "admin.key")
    }

    private static func integer(_ text: String?, name: String, default value: Int,
                                range: ClosedRange<Int>) throws(ConfigError) -> Int {
        guard let text else { return value }
        guard let number = Int(text), range.contains(number) else {
            throw ConfigError("\(name) must be an integer in \(range.lowerBound)...\(range.upperBound), got '\(text)'")
        }
        return number
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
    private var values: [String: String] = [:]

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
