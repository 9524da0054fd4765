import Glibc
import Testing
import Runtime

struct SystemdNotifierTests {
    /// A bound AF_UNIX datagram socket standing in for systemd's notify socket.
    final class NotifySocket {
        let fd: Int32

        /// `name` is a path, or an abstract-namespace name after a leading "@".
        init(_ name: String) throws {
            fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            guard fd >= 0 else { throw TestFailure("socket: errno \(errno)") }
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            let abstract = name.hasPrefix("@")
            let bytes = Array(name.utf8.dropFirst(abstract ? 1 : 0))
            withUnsafeMutableBytes(of: &address.sun_path) { raw in
                raw.copyBytes(from: (abstract ? [0] : []) + bytes + (abstract ? [] : [0]))
            }
            let length = socklen_t(MemoryLayout<sa_family_t>.size + bytes.count + 1)
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
            }
            guard bound == 0 else { throw TestFailure("bind(\(name)): errno \(errno)") }
        }

        deinit { close(fd) }

        /// The next datagram, or nil when none arrives within the timeout.
        func receive(timeoutMilliseconds: Int32 = 2_000) -> String? {
            var request = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&request, 1, timeoutMilliseconds) == 1 else { return nil }
            var buffer = [UInt8](repeating: 0, count: 4096)
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
            return count >= 0 ? String(decoding: buffer[0..<count], as: UTF8.self) : nil
        }
    }

    @Test func ready_SendsREADY1ToNOTIFY_SOCKET() throws {
        try TemporaryDirectory.with { directory in
            let path = directory.file("notify")
            let systemd = try NotifySocket(path)
            let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": path])
            #expect(notifier.isEnabled)
            notifier.ready()
            #expect(systemd.receive() == "READY=1")
            notifier.ready(status: "serving")
            #expect(systemd.receive() == "READY=1\nSTATUS=serving")
            notifier.watchdog()
            #expect(systemd.receive() == "WATCHDOG=1")
            notifier.stopping()
            #expect(systemd.receive() == "STOPPING=1")
        }
    }

    @Test func abstractNamespaceSocket_IsReachedThroughALeadingAt() throws {
        let name = "@iotests-notify-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let systemd = try NotifySocket(name)
        SystemdNotifier(environment: ["NOTIFY_SOCKET": name]).status("warming up")
        #expect(systemd.receive() == "STATUS=warming up")
    }

    @Test func withoutNOTIFY_SOCKET_TheNotifierIsDisabledAndSilent() {
        for environment in [[:], ["NOTIFY_SOCKET": ""]] as [[String: String]] {
            let notifier = SystemdNotifier(environment: environment)
            #expect(!notifier.isEnabled)
            notifier.ready() // must not crash or block
        }
    }

    @Test func watchdogInterval_IsHalfOfWATCHDOG_USEC() {
        let notifier = SystemdNotifier(environment: ["WATCHDOG_USEC": "20000000"])
        #expect(notifier.watchdogIntervalNanoseconds == 10_000_000_000)
        let forUs = SystemdNotifier(environment: ["WATCHDOG_USEC": "20000000", "WATCHDOG_PID": "\(getpid())"])
        #expect(forUs.watchdogIntervalNanoseconds == 10_000_000_000)
    }

    @Test func watchdog_IsDisabledForAnotherProcess_OrWithoutAUsableInterval() {
        let otherProcess = SystemdNotifier(environment: ["WATCHDOG_USEC": "20000000", "WATCHDOG_PID": "\(getppid())"])
        #expect(otherProcess.watchdogIntervalNanoseconds == nil)
        for usec in ["0", "soon", ""] {
            #expect(SystemdNotifier(environment: ["WATCHDOG_USEC": usec]).watchdogIntervalNanoseconds == nil)
        }
        #expect(SystemdNotifier(environment: [:]).watchdogIntervalNanoseconds == nil)
    }
}
