import Glibc
import IO

/// The test's own end of a stream socket: plain system calls on a
/// non-blocking descriptor, every wait bounded by poll(2).
final class PeerSocket {
    let fd: Int32
    private var buffered: [UInt8] = []
    private(set) var sawEOF = false
    private var closed = false

    init(fd: Int32) {
        self.fd = fd
        let flags = fcntl(fd, F_GETFL)
        _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
    }

    deinit { close() }

    /// A connected, non-blocking socketpair: `(forTheConnection, forThePeer)`.
    static func makePair() throws -> (Int32, PeerSocket) {
        var fds: [Int32] = [-1, -1]
        let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        guard socketpair(AF_UNIX, type, 0, &fds) == 0 else { throw TestFailure("socketpair: errno \(errno)") }
        return (fds[0], PeerSocket(fd: fds[1]))
    }

    static func connect(path: String) throws -> PeerSocket {
        PeerSocket(fd: try Socket.connectUnix(path: path).fd)
    }

    func close() {
        guard !closed else { return }
        closed = true
        Glibc.close(fd)
    }

    func shutdownWriting() { shutdown(fd, Int32(SHUT_WR)) }

    func send(_ bytes: [UInt8], timeoutMilliseconds: Int = 5_000) throws {
        let deadline = Self.deadline(timeoutMilliseconds)
        var offset = 0
        while offset < bytes.count {
            try waitFor(Int16(POLLOUT), deadline: deadline, what: "writable")
            let sent = bytes[offset...].withUnsafeBytes {
                Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            if sent > 0 { offset += sent; continue }
            if errno == EAGAIN || errno == EINTR { continue }
            throw TestFailure("send: errno \(errno)")
        }
    }

    func send(_ text: String, timeoutMilliseconds: Int = 5_000) throws {
        try send(Array(text.utf8), timeoutMilliseconds: timeoutMilliseconds)
    }

    /// Exactly `count` bytes, read `chunk` bytes at a time with a pause
    /// after each read (a slow reader).
    func receive(count: Int, chunk: Int = 64 * 1024, pauseMicroseconds: UInt32 = 0,
                 timeoutMilliseconds: Int = 5_000) throws -> [UInt8] {
        let deadline = Self.deadline(timeoutMilliseconds)
        while buffered.count < count {
            guard try fill(deadline: deadline, chunk: min(chunk, count - buffered.count)) else {
                throw TestFailure("EOF after \(buffered.count) of \(count) bytes")
            }
            if pauseMicroseconds > 0 { usleep(pauseMicroseconds) }
        }
        return take(count)
    }

    /// One line without its "\n".
    func receiveLine(timeoutMilliseconds: Int = 5_000) throws -> [UInt8] {
        let deadline = Self.deadline(timeoutMilliseconds)
        while true {
            if let newline = buffered.firstIndex(of: UInt8(ascii: "\n")) {
                let line = Array(buffered[..<newline])
                buffered.removeFirst(newline + 1)
                return line
            }
            guard try fill(deadline: deadline) else {
                throw TestFailure("EOF before a complete line (\(buffered.count) bytes pending)")
            }
        }
    }

    /// Everything until the peer's EOF.
    func receiveUntilEOF(timeoutMilliseconds: Int = 5_000) throws -> [UInt8] {
        let deadline = Self.deadline(timeoutMilliseconds)
        while try fill(deadline: deadline) {}
        return take(buffered.count)
    }

    /// Whatever is readable right now, without waiting.
    func receiveAvailable() throws -> [UInt8] {
        _ = try? fill(deadline: MonotonicClock.now())
        return take(buffered.count)
    }

    // MARK: Internals

    private static func deadline(_ milliseconds: Int) -> UInt64 {
        MonotonicClock.now() + UInt64(milliseconds) * 1_000_000
    }

    private func take(_ count: Int) -> [UInt8] {
        let taken = Array(buffered[..<count])
        buffered.removeFirst(count)
        return taken
    }

    /// Reads once when readable; false at EOF.
    private func fill(deadline: UInt64, chunk: Int = 64 * 1024) throws -> Bool {
        if sawEOF { return false }
        while true {
            try waitFor(Int16(POLLIN), deadline: deadline, what: "readable")
            var scratch = [UInt8](repeating: 0, count: max(1, chunk))
            let count = scratch.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count > 0 {
                buffered += scratch[0..<count]
                return true
            }
            if count == 0 {
                sawEOF = true
                return false
            }
            if errno == EAGAIN || errno == EINTR { continue }
            throw TestFailure("read: errno \(errno)")
        }
    }

    private func waitFor(_ events: Int16, deadline: UInt64, what: String) throws {
        while true {
            let now = MonotonicClock.now()
            let remaining = deadline > now ? Int32((deadline - now) / 1_000_000) : 0
            var request = pollfd(fd: fd, events: events, revents: 0)
            let ready = poll(&request, 1, remaining)
            if ready > 0 { return }
            if ready < 0 && errno == EINTR { continue }
            if ready == 0 && remaining > 0 { continue }
            throw TestFailure("socket not \(what) before the deadline")
        }
    }
}
