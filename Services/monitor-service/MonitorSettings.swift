import Outbound
import Runtime

/// monitor-service's own settings, read from the environment and validated
/// once at start-up (a bad value exits 78, like `Configuration`).
struct MonitorSettings: Sendable {
    /// `MONITOR_HEARTBEAT_SECONDS`: how often each running monitor sends
    /// `game.status`.
    var heartbeatMilliseconds: Int
    /// `MONITOR_RECOUNT_SECONDS` [30]: how often a running monitor recounts
    /// the players from a fresh welcome (some games push no joins to shards).
    var recountMilliseconds: Int
    /// `MONITOR_RECONNECT_DELAYS_MS` [1000,2000,4000,8000,16000]: the back-off
    /// after a drop; its length is the number of attempts.
    var reconnectDelays: [Int]
    /// `ECAST_CA_FILE`: trust this CA file (PEM) for `https://`/`wss://` to
    /// ecast instead of the system's — for a test ecast with its own
    /// certificate. Verification stays on either way.
    var tls: TLSOptions
    /// ecast drops clients that do not look like a browser.
    var userAgent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36 gamenight"

    init(configuration: Configuration, environment: [String: String]) throws {
        heartbeatMilliseconds = configuration.monitorHeartbeatSeconds * 1000
        if let raw = environment["MONITOR_RECOUNT_SECONDS"], !raw.isEmpty {
            guard let seconds = Int(raw), (1...3600).contains(seconds) else {
                throw Configuration.Invalid(variable: "MONITOR_RECOUNT_SECONDS", value: raw, expected: "an integer in 1...3600")
            }
            recountMilliseconds = seconds * 1000
        } else {
            recountMilliseconds = 30_000
        }
        if let raw = environment["MONITOR_RECONNECT_DELAYS_MS"], !raw.isEmpty {
            let delays = raw.split(separator: ",").map { Int($0.trimmingSpaces) }
            guard !delays.isEmpty, delays.allSatisfy({ $0 != nil && (0...600_000).contains($0!) }) else {
                throw Configuration.Invalid(variable: "MONITOR_RECONNECT_DELAYS_MS", value: raw,
                                            expected: "comma-separated milliseconds, each in 0...600000")
            }
            reconnectDelays = delays.compactMap { $0 }
        } else {
            reconnectDelays = RoomMonitorConfiguration.defaultReconnectDelays
        }
        tls = TLSOptions(caFile: environment["ECAST_CA_FILE"].flatMap { $0.isEmpty ? nil : $0 })
    }
}

extension Substring {
    fileprivate var trimmingSpaces: String { String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed()) }
}
