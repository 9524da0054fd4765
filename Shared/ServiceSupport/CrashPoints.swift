import Glibc
import Runtime
import Synchronization

/// Fault injection for the exactly-once tests: `GAMENIGHT_CRASH_AT=<point>:<n>`
/// makes the process SIGKILL itself the n-th time it reaches `<point>`
/// (names in docs/architecture.md, "Exactly once"), once per data
/// directory: a marker file stops the restarted process from dying again.
///
/// Unset (always, outside those tests) every `reach` is one comparison.
/// A kill, not an exit: nothing is flushed, no handler runs, exactly as if
/// the machine had lost the process at that instruction.
public final class CrashPoints: Sendable {
    private let point: String?
    private let occurrence: Int
    private let markerPath: String
    private let reached = Atomic<Int>(0)
    private let logger: Logger

    public init(environment: [String: String], dataDirectory: String, logger: Logger) {
        self.logger = logger
        let spec = environment["GAMENIGHT_CRASH_AT"] ?? ""
        let parts = spec.split(separator: ":", maxSplits: 1)
        if parts.count == 2, let count = Int(parts[1]), count > 0 {
            point = String(parts[0])
            occurrence = count
        } else {
            point = nil
            occurrence = 0
        }
        markerPath = dataDirectory + "/crash-\(point ?? "none").done"
    }

    public func reach(_ name: String) {
        guard name == point else { return }
        let count = reached.add(1, ordering: .relaxed).newValue
        guard count == occurrence, access(markerPath, F_OK) != 0 else { return }
        let fd = open(markerPath, O_WRONLY | O_CREAT | O_CLOEXEC, 0o600)
        if fd >= 0 {
            fsync(fd)
            close(fd)
        }
        logger.warning("crash point reached; killing this process", ("point", name), ("occurrence", "\(count)"))
        kill(getpid(), SIGKILL)
    }
}
