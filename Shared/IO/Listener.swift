import Glibc

/// Accepts connections on a listening socket and hands each new descriptor
/// to `onAccept`, on the loop thread.
public final class Listener: IOHandler, @unchecked Sendable {
    public let loop: EventLoop
    public let fd: Int32
    private let unixPath: String?
    private let onAccept: (Int32) -> Void
    private var registration: Registration?
    private var closed = false

    /// accept(2) at most this many per readiness event, so one flooded
    /// listener cannot starve the loop's other work.
    private let acceptBurst = 64
    /// How long accepting pauses after accept(2) fails.
    public static let pauseMilliseconds = 100

    /// Told (on the loop) each time accept(2) fails and accepting pauses for
    /// `pauseMilliseconds` — usually EMFILE — so the owner can log it.
    public var onAcceptPaused: ((IOError) -> Void)?

    public init(loop: EventLoop, fd: Int32, unixPath: String? = nil, onAccept: @escaping (Int32) -> Void) {
        self.loop = loop
        self.fd = fd
        self.unixPath = unixPath
        self.onAccept = onAccept
    }

    public func start() throws {
        registration = try loop.register(fd: fd, events: .read, handler: self)
    }

    /// Stops accepting and closes the socket (unlinking a Unix path).
    public func close() {
        guard !closed else { return }
        closed = true
        if let registration { loop.deregister(registration) }
        registration = nil
        Glibc.close(fd)
        if let unixPath { unlink(unixPath) }
    }

    public func handleIO(_ events: IOEvents) {
        for _ in 0..<acceptBurst {
            do {
                switch try Socket.accept(fd) {
                case .wouldBlock: return
                case .processed(let client) where client >= 0: onAccept(client)
                case .processed: continue
                }
            } catch {
                // Out of descriptors (EMFILE, ENFILE) or memory: the pending
                // connection stays in the backlog and the level-triggered
                // readiness with it, so accepting again at once would spin
                // at 100 % CPU. Stop listening briefly instead; the pending
                // clients wait in the backlog until descriptors free up.
                pauseAccepting(milliseconds: Self.pauseMilliseconds)
                onAcceptPaused?(error as? IOError ?? IOError("accept4"))
                return
            }
        }
    }

    private func pauseAccepting(milliseconds: Int) {
        guard let registration else { return }
        loop.deregister(registration)
        self.registration = nil
        loop.schedule(afterMilliseconds: milliseconds) { [weak self] in
            guard let self, !self.closed else { return }
            try? self.start()
        }
    }
}
