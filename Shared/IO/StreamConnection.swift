import Glibc

/// What a `StreamConnection` tells its owner. Called on the loop thread.
public protocol StreamConnectionDelegate: AnyObject {
    /// Bytes arrived. The buffer is the loop's scratch space: copy what you keep.
    func connection(_ connection: StreamConnection, didRead bytes: UnsafeRawBufferPointer)
    /// The peer shut down its sending half; nothing more will arrive.
    func connectionDidReadEOF(_ connection: StreamConnection)
    /// The outbound queue fell below the low watermark after having passed
    /// the high one (back-pressure released).
    func connectionDidDrain(_ connection: StreamConnection)
    /// A client connection finished connecting.
    func connectionDidConnect(_ connection: StreamConnection)
    /// The descriptor is closed; the last call this delegate gets.
    func connectionDidClose(_ connection: StreamConnection)
}

extension StreamConnectionDelegate {
    public func connectionDidReadEOF(_ connection: StreamConnection) { connection.close() }
    public func connectionDidDrain(_ connection: StreamConnection) {}
    public func connectionDidConnect(_ connection: StreamConnection) {}
}

/// A non-blocking stream socket (TCP or Unix) driven by an `EventLoop`:
/// reads into the loop's buffer, queues what the kernel will not take yet,
/// applies back-pressure, and closes gracefully.
///
/// Back-pressure: once more than `highWatermark` bytes wait to be sent, the
/// connection stops reading (so a peer that does not read its answers cannot
/// make us buffer without bound) until the queue is under `lowWatermark`.
///
/// Graceful close (`closeAfterFlush`): send what is queued, then
/// `shutdown(SHUT_WR)` and keep reading until the peer closes or a short
/// linger passes. Closing with unread input would make the kernel send a
/// RST that can destroy the response still in flight (RFC 9112 §9.6).
public final class StreamConnection: IOHandler, @unchecked Sendable {
    public let loop: EventLoop
    public let fd: Int32
    public var delegate: (any StreamConnectionDelegate)?

    public var highWatermark = 1 << 20
    public var lowWatermark = 256 << 10
    /// How long to wait for the peer's FIN after our own, in ms.
    public var lingerMilliseconds = 2_000
    /// How long `closeAfterFlush` waits for a peer that does not read what
    /// is still queued before closing anyway, in ms: a closing connection
    /// must not pin its queue forever.
    public var flushTimeoutMilliseconds = 5_000

    private enum State { case connecting, open, flushingThenClose, lingering, closed }
    private var state: State
    private var registration: Registration?
    private var interest: IOEvents = []
    private var outbound: [[UInt8]] = []
    private var outboundHeadOffset = 0
    public private(set) var bufferedBytes = 0
    private var readingPausedByOwner = false
    private var readingPausedByBackPressure = false
    private var receivedEOF = false
    private var lingerTimer: TimerID?
    private var flushTimer: TimerID?

    public var isClosed: Bool { state == .closed }
    public var isOpen: Bool { state == .open }
    /// False while the outbound queue is over the high watermark.
    public var isWritable: Bool { !readingPausedByBackPressure && state == .open }

    /// Wraps an already-connected (`connected: true`) or connecting descriptor.
    public init(loop: EventLoop, fd: Int32, connected: Bool = true) {
        self.loop = loop
        self.fd = fd
        state = connected ? .open : .connecting
    }

    /// Registers with the loop; call once, after setting the delegate.
    public func start() throws {
        loop.assertInLoop()
        let desired = desiredInterest()
        registration = try loop.register(fd: fd, events: desired, handler: self)
        interest = desired
    }

    // MARK: Writing

    public func write(_ bytes: [UInt8]) {
        loop.assertInLoop()
        guard !bytes.isEmpty, state == .open || state == .connecting else { return }
        if outbound.isEmpty && state == .open {
            let sent = send(bytes[...])
            if sent < 0 { return close() }
            if sent == bytes.count { return }
            outbound.append(sent == 0 ? bytes : Array(bytes[sent...]))
            bufferedBytes += bytes.count - sent
        } else {
            outbound.append(bytes)
            bufferedBytes += bytes.count
        }
        if bufferedBytes > highWatermark { readingPausedByBackPressure = true }
        updateInterest()
    }

    /// Sends what the kernel takes now: the count, or -1 after a fatal error.
    private func send(_ bytes: ArraySlice<UInt8>) -> Int {
        let result = bytes.withUnsafeBytes { raw in
            retryingOnInterrupt { Glibc.send(fd, raw.baseAddress, raw.count, Int32(MSG_NOSIGNAL)) }
        }
        if result >= 0 { return result }
        return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : -1
    }

    private func flushOutbound() {
        while let head = outbound.first {
            let sent = send(head[outboundHeadOffset...])
            if sent < 0 { return close() }
            bufferedBytes -= sent
            outboundHeadOffset += sent
            if outboundHeadOffset < head.count { break }
            outbound.removeFirst()
            outboundHeadOffset = 0
        }
        if readingPausedByBackPressure && bufferedBytes <= lowWatermark {
            readingPausedByBackPressure = false
            updateInterest()
            delegate?.connectionDidDrain(self)
            guard state != .closed else { return }
        }
        if outbound.isEmpty && state == .flushingThenClose { beginLinger() }
        updateInterest()
    }

    /// Drops every queued write that has not begun to go out and returns
    /// the bytes dropped. The first queued write is kept whole (it may be
    /// partly sent), so the byte stream still ends on a boundary between
    /// writes and a message written next is framed correctly — a WebSocket
    /// close frame for a client too slow to take its backlog, say.
    @discardableResult
    public func discardUnsentWrites() -> Int {
        loop.assertInLoop()
        guard outbound.count > 1 else { return 0 }
        let dropped = outbound.dropFirst().reduce(0) { $0 + $1.count }
        outbound.removeSubrange(1...)
        bufferedBytes -= dropped
        return dropped
    }

    // MARK: Reading control

    public func pauseReading() {
        loop.assertInLoop()
        readingPausedByOwner = true
        updateInterest()
    }

    public func resumeReading() {
        loop.assertInLoop()
        readingPausedByOwner = false
        updateInterest()
    }

    // MARK: Closing

    /// Closes once everything queued is sent (see the type's doc comment).
    public func closeAfterFlush() {
        loop.assertInLoop()
        switch state {
        case .open, .connecting:
            state = .flushingThenClose
            if outbound.isEmpty {
                beginLinger()
            } else {
                updateInterest()
                flushTimer = loop.schedule(afterMilliseconds: flushTimeoutMilliseconds) { [weak self] in
                    self?.flushTimer = nil
                    self?.close()
                }
            }
        case .flushingThenClose, .lingering, .closed:
            return
        }
    }

    /// Closes now, dropping anything queued.
    public func close() {
        loop.assertInLoop()
        guard state != .closed else { return }
        state = .closed
        if let registration { loop.deregister(registration) }
        registration = nil
        if let lingerTimer { loop.cancel(lingerTimer) }
        if let flushTimer { loop.cancel(flushTimer) }
        Glibc.close(fd)
        outbound = []
        bufferedBytes = 0
        let delegate = self.delegate
        self.delegate = nil
        delegate?.connectionDidClose(self)
    }

    private func beginLinger() {
        if let flushTimer { loop.cancel(flushTimer) }
        flushTimer = nil
        if receivedEOF { return close() }
        state = .lingering
        shutdown(fd, Int32(SHUT_WR))
        updateInterest()
        lingerTimer = loop.schedule(afterMilliseconds: lingerMilliseconds) { [weak self] in
            self?.close()
        }
    }

    // MARK: Readiness

    public func handleIO(_ events: IOEvents) {
        if state == .closed { return }
        if state == .connecting && (events.contains(.write) || events.contains(.error) || events.contains(.hangup)) {
            finishConnecting()
            if state != .open { return }
        }
        if events.contains(.write) && !outbound.isEmpty {
            flushOutbound()
            if state == .closed { return }
        }
        if events.contains(.read) || events.contains(.hangup) {
            readAvailable()
            if state == .closed { return }
        }
        // EPOLLERR/EPOLLHUP are level-triggered and always reported: if we
        // are not going to read our way to the error or EOF, close now
        // rather than spin.
        if events.contains(.error) && !interest.contains(.read) {
            close()
        }
    }

    private func finishConnecting() {
        var error: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length)
        guard error == 0 else { return close() }
        state = .open
        delegate?.connectionDidConnect(self)
        if state == .open && !outbound.isEmpty { flushOutbound() }
        updateInterest()
    }

    private func readAvailable() {
        let buffer = loop.readBuffer
        // A few reads per wake-up, then let other connections have a turn.
        for _ in 0..<4 {
            guard state == .open || state == .flushingThenClose || state == .lingering else { return }
            guard !receivedEOF else { return }
            if state == .open && (readingPausedByOwner || readingPausedByBackPressure) { return }
            let count = retryingOnInterrupt { read(fd, buffer.baseAddress, buffer.count) }
            if count > 0 {
                if state == .open {
                    delegate?.connection(self, didRead: UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
                }
                if count < buffer.count { return }
            } else if count == 0 {
                receivedEOF = true
                updateInterest()
                if state == .lingering { return close() }
                if state == .open { delegate?.connectionDidReadEOF(self) }
                return
            } else {
                if errno == EAGAIN || errno == EWOULDBLOCK { return }
                return close()
            }
        }
    }

    private func desiredInterest() -> IOEvents {
        var desired: IOEvents = []
        switch state {
        case .connecting:
            desired.insert(.write)
        case .open:
            if !readingPausedByOwner && !readingPausedByBackPressure && !receivedEOF { desired.insert(.read) }
            if !outbound.isEmpty { desired.insert(.write) }
        case .flushingThenClose:
            if !outbound.isEmpty { desired.insert(.write) }
            if !receivedEOF { desired.insert(.read) }
        case .lingering:
            if !receivedEOF { desired.insert(.read) }
        case .closed:
            break
        }
        return desired
    }

    private func updateInterest() {
        guard let registration, state != .closed else { return }
        let desired = desiredInterest()
        if desired != interest {
            loop.reregister(registration, events: desired)
            interest = desired
        }
    }
}
