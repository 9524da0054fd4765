import CSystemLinux
import Glibc

/// Delivers Unix signals as loop events through signalfd(2).
///
/// The signals must be blocked in every thread (signalfd(2): otherwise they
/// still take their default action), so `blockInThisThread` runs in `main`
/// before any thread is started; threads inherit the mask.
public final class SignalSource: IOHandler, @unchecked Sendable {
    private let loop: EventLoop
    private let fd: Int32
    private var registration: Registration?
    private let onSignal: (Int32) -> Void

    public static func blockInThisThread(_ signals: [Int32]) {
        var set = sigset_t()
        csl_sigemptyset(&set)
        for signal in signals { csl_sigaddset(&set, signal) }
        pthread_sigmask(SIG_BLOCK, &set, nil)
    }

    public init(loop: EventLoop, signals: [Int32], onSignal: @escaping (Int32) -> Void) throws {
        var set = sigset_t()
        csl_sigemptyset(&set)
        for signal in signals { csl_sigaddset(&set, signal) }
        let fd = signalfd(-1, &set, Int32(SFD_NONBLOCK | SFD_CLOEXEC))
        guard fd >= 0 else { throw IOError("signalfd") }
        self.loop = loop
        self.fd = fd
        self.onSignal = onSignal
        registration = try loop.register(fd: fd, events: .read, handler: self)
    }

    public func close() {
        if let registration { loop.deregister(registration) }
        registration = nil
        Glibc.close(fd)
    }

    public func handleIO(_ events: IOEvents) {
        var info = signalfd_siginfo()
        while true {
            let count = read(fd, &info, MemoryLayout<signalfd_siginfo>.size)
            guard count == MemoryLayout<signalfd_siginfo>.size else { return }
            onSignal(Int32(info.ssi_signo))
        }
    }
}
