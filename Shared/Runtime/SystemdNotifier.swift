import CSystemLinux
import Glibc

/// The service side of sd_notify(3), without libsystemd: one AF_UNIX
/// datagram of newline-separated `KEY=VALUE` lines to `$NOTIFY_SOCKET`.
/// A no-op when the variable is unset (development, tests).
public struct SystemdNotifier: Sendable {
    private let socketPath: String?

    /// `WATCHDOG_USEC` halved (sd_watchdog_enabled(3) recommends pinging at
    /// half the interval), when the watchdog is meant for this process.
    public let watchdogIntervalNanoseconds: UInt64?

    public init(environment: [String: String]) {
        socketPath = environment["NOTIFY_SOCKET"].flatMap { $0.isEmpty ? nil : $0 }
        if let usec = environment["WATCHDOG_USEC"].flatMap(UInt64.init), usec > 0,
           Self.watchdogIsForUs(environment["WATCHDOG_PID"]) {
            watchdogIntervalNanoseconds = usec * 1000 / 2
        } else {
            watchdogIntervalNanoseconds = nil
        }
    }

    public var isEnabled: Bool { socketPath != nil }

    /// sd_watchdog_enabled(3): honour the watchdog when WATCHDOG_PID is
    /// unset or names this process; an unparsable value is not ours.
    static func watchdogIsForUs(_ pid: String?) -> Bool {
        guard let pid, !pid.isEmpty else { return true }
        return Int32(pid) == getpid()
    }

    public func ready(status: String? = nil) { send("READY=1" + (status.map { "\nSTATUS=\($0)" } ?? "")) }
    public func stopping() { send("STOPPING=1") }
    public func watchdog() { send("WATCHDOG=1") }
    public func status(_ text: String) { send("STATUS=\(text)") }

    /// Sends one notification; failures are ignored (the manager may be gone
    /// during shutdown, and readiness is advisory for our own supervisor).
    public func send(_ message: String) {
        guard var path = socketPath else { return }
        // A leading '@' names an abstract-namespace socket: NUL in sun_path[0].
        let abstract = path.hasPrefix("@")
        if abstract { path.removeFirst() }
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let pathBytes = Array(path.utf8)
        let offset = abstract ? 1 : 0
        guard pathBytes.count + offset < MemoryLayout.size(ofValue: address.sun_path) else { return }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.storeBytes(of: 0, toByteOffset: 0, as: UInt8.self)
            for (index, byte) in pathBytes.enumerated() { raw[index + offset] = byte }
            if !abstract { raw[pathBytes.count] = 0 }
        }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + pathBytes.count + offset + (abstract ? 0 : 1))
        let payload = Array(message.utf8)
        _ = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { sockaddrPointer in
                payload.withUnsafeBytes { bytes in
                    sendto(fd, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL), sockaddrPointer, length)
                }
            }
        }
    }
}
