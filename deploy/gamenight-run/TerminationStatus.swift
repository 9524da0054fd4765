import Glibc

/// How a child ended, decoded from the status word of waitpid(2).
///
/// The `WIFEXITED`/`WEXITSTATUS`/`WTERMSIG` macros are not importable into Swift, so this
/// decodes the Linux encoding directly: low 7 bits = terminating signal (0 = normal exit),
/// bit 7 = core dumped, bits 8–15 = exit code. Stopped/continued states never reach us
/// because we do not pass `WUNTRACED`/`WCONTINUED`. Pure.
enum TerminationStatus: Sendable, Equatable, CustomStringConvertible {
    case exited(code: Int32)
    case signaled(signal: Int32, coreDumped: Bool)

    init(waitStatus status: Int32) {
        let signal = status & 0x7f
        if signal == 0 {
            self = .exited(code: (status >> 8) & 0xff)
        } else {
            self = .signaled(signal: signal, coreDumped: status & 0x80 != 0)
        }
    }

    /// The way a child is expected to end when we asked it to stop: exit 0, or SIGTERM's
    /// default action if it installed no handler.
    var isCleanStop: Bool {
        switch self {
        case .exited(let code): code == 0
        case .signaled(let signal, _): signal == SIGTERM
        }
    }

    var description: String {
        switch self {
        case .exited(let code):
            "exit=\(code)"
        case .signaled(let signal, let coreDumped):
            "signal=\(TerminationStatus.signalName(signal))" + (coreDumped ? " core-dumped" : "")
        }
    }

    /// `SIGTERM`-style name for log lines; the number for anything unusual.
    static func signalName(_ signal: Int32) -> String {
        switch signal {
        case SIGHUP: "SIGHUP"
        case SIGINT: "SIGINT"
        case SIGQUIT: "SIGQUIT"
        case SIGILL: "SIGILL"
        case SIGTRAP: "SIGTRAP"
        case SIGABRT: "SIGABRT"
        case SIGBUS: "SIGBUS"
        case SIGFPE: "SIGFPE"
        case SIGKILL: "SIGKILL"
        case SIGUSR1: "SIGUSR1"
        case SIGSEGV: "SIGSEGV"
        case SIGUSR2: "SIGUSR2"
        case SIGPIPE: "SIGPIPE"
        case SIGALRM: "SIGALRM"
        case SIGTERM: "SIGTERM"
        case SIGCHLD: "SIGCHLD"
        case SIGSYS: "SIGSYS"
        default: "\(signal)"
        }
    }
}
