import CSystemLinux
import Glibc

/// Starts and signals children; the only part of the supervisor that creates processes.
/// A protocol so `Supervisor` can be tested with a fake that records calls.
protocol ChildLauncher: AnyObject {
    func launch(_ spec: ChildSpec) throws -> pid_t
    func signal(_ signal: Int32, to pid: pid_t)
}

/// The real launcher: empties the child's notify socket, then posix_spawn(3)s it.
final class PosixSpawnLauncher: ChildLauncher {
    private let listeners: [String: NotifyListener]

    init(listeners: [String: NotifyListener]) {
        self.listeners = listeners
    }

    func launch(_ spec: ChildSpec) throws -> pid_t {
        listeners[spec.name]?.discardPending()
        return try ChildProcess.spawn(executable: spec.executable,
                                      arguments: [PathText.baseName(spec.executable)],
                                      environment: spec.environment)
    }

    func signal(_ signal: Int32, to pid: pid_t) {
        kill(pid, signal)
    }
}

enum ChildProcess {
    /// posix_spawn(3) with an explicit `envp` and a clean signal state.
    ///
    /// - `POSIX_SPAWN_SETSIGMASK` with an empty set: we run with SIGCHLD/SIGTERM/SIGINT/
    ///   SIGHUP blocked (for the signalfd), and a blocked mask survives execve(2) — a child
    ///   inheriting it would never see our SIGTERM.
    /// - `POSIX_SPAWN_SETSIGDEF` with every signal: ignored dispositions also survive
    ///   execve (we ignore SIGPIPE; a shell may have ignored SIGINT/SIGQUIT/SIGHUP for us).
    /// - `POSIX_SPAWN_SETPGROUP` 0: each child leads its own process group, so a Ctrl-C
    ///   on the terminal reaches only us, and we stop the children in reverse start order
    ///   instead of all of them racing at once.
    /// - stdin is /dev/null (a background process group reading the terminal would be
    ///   stopped by SIGTTIN); stdout and stderr are inherited.
    ///
    /// glibc reports a failed exec (missing file, no permission) as the return value.
    static func spawn(executable: String, arguments: [String], environment: [String]) throws(SystemError) -> pid_t {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var emptyMask = sigset_t()
        csl_sigemptyset(&emptyMask)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF
                                                        | POSIX_SPAWN_SETPGROUP))

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)

        var pid: pid_t = 0
        let result = withCStringArray(arguments) { argv in
            withCStringArray(environment) { envp in
                posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
            }
        }
        guard result == 0 else { throw SystemError("posix_spawn \(executable)", code: result) }
        return pid
    }

    /// Reaps every child that has exited, without blocking (waitpid(2) with `WNOHANG`
    /// in a loop: one SIGCHLD may stand for several exits).
    static func reapExited() -> [(pid: pid_t, status: TerminationStatus)] {
        var reaped: [(pid: pid_t, status: TerminationStatus)] = []
        while true {
            var status: Int32 = 0
            let pid = waitpid(-1, &status, WNOHANG)
            if pid > 0 {
                reaped.append((pid, TerminationStatus(waitStatus: status)))
            } else if pid < 0, errno == EINTR {
                continue
            } else {
                return reaped  // 0: the rest are still running; ECHILD: no children left
            }
        }
    }

    private static func withCStringArray<Result>(
        _ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> Result
    ) -> Result {
        let pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) } + [nil]
        defer { pointers.forEach { free($0) } }
        return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}
