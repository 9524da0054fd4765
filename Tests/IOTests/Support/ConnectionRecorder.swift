import IO

/// A `StreamConnectionDelegate` that records every callback (called on the
/// loop thread, read by the test thread).
final class ConnectionRecorder: StreamConnectionDelegate, Sendable {
    enum OnEOF { case record, close }

    let received = Locked<[UInt8]>([])
    let eofCount = Locked(0)
    let drainCount = Locked(0)
    let connectCount = Locked(0)
    let closeCount = Locked(0)
    private let onEOF: OnEOF
    private let closeOnFirstRead: Bool

    init(onEOF: OnEOF = .record, closeOnFirstRead: Bool = false) {
        self.onEOF = onEOF
        self.closeOnFirstRead = closeOnFirstRead
    }

    var receivedText: String { String(decoding: received.value, as: UTF8.self) }

    func connection(_ connection: StreamConnection, didRead bytes: UnsafeRawBufferPointer) {
        received.withLock { $0.append(contentsOf: bytes) }
        if closeOnFirstRead { connection.close() }
    }

    func connectionDidReadEOF(_ connection: StreamConnection) {
        eofCount.increment()
        if onEOF == .close { connection.close() }
    }

    func connectionDidDrain(_ connection: StreamConnection) { drainCount.increment() }
    func connectionDidConnect(_ connection: StreamConnection) { connectCount.increment() }
    func connectionDidClose(_ connection: StreamConnection) { closeCount.increment() }
}

/// Implements only what the protocol requires, to observe its defaults.
final class MinimalDelegate: StreamConnectionDelegate, Sendable {
    let closeCount = Locked(0)
    func connection(_ connection: StreamConnection, didRead bytes: UnsafeRawBufferPointer) {}
    func connectionDidClose(_ connection: StreamConnection) { closeCount.increment() }
}
