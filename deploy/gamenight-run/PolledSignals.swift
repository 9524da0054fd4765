import CSystemLinux
import Glibc
import IO

/// Signals as readable events on a signalfd(2), so the single-threaded loop handles
/// SIGCHLD, SIGTERM, SIGINT and SIGHUP in order with everything else, and no signal
/// handler ever runs in the middle of a state change.
///
/// The blocking is IO's (`SignalSource.blockInThisThread`, what the services call in
/// `main`). IO's `SignalSource` itself needs an `EventLoop` to register with; the
/// supervisor's loop is a plain poll(2) over this descriptor and the notify sockets
/// (SupervisorLoop.swift), so this small reader stays.
///
/// The signals are blocked first (signalfd only sees blocked signals; an unblocked one
/// would still get its default action). Do this before anything else in the process, and
/// before any child exists: children must then *not* inherit the mask, which is why
/// `ChildProcess.spawn` resets it.
final class PolledSignals {
    let descriptor: Int32

    init(signals: [Int32]) throws(SystemError) {
        IO.SignalSource.blockInThisThread(signals)
        var set = sigset_t()
        csl_sigemptyset(&set)
        for signal in signals { csl_sigaddset(&set, signal) }
        let descriptor = signalfd(-1, &set, Int32(SFD_NONBLOCK) | Int32(SFD_CLOEXEC))
        guard descriptor >= 0 else { throw SystemError("signalfd") }
        self.descriptor = descriptor
    }

    /// All signals received since the last call (each standard signal at most once: the
    /// kernel merges repeats of a pending signal, so SIGCHLD means "one or more exited").
    func readPending() -> [Int32] {
        var signals: [Int32] = []
        var info = signalfd_siginfo()
        while true {
            let count = withUnsafeMutableBytes(of: &info) { read(descriptor, $0.baseAddress, $0.count) }
            if count == MemoryLayout<signalfd_siginfo>.size {
                signals.append(Int32(bitPattern: info.ssi_signo))
                continue
            }
            if count < 0, errno == EINTR { continue }
            return signals
        }
    }
}
