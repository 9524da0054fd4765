import CSystemLinux
import Glibc
import Synchronization

/// Something registered with an `EventLoop` that wants readiness callbacks.
/// Always called on the loop's thread.
public protocol IOHandler: AnyObject {
    func handleIO(_ events: IOEvents)
}

/// A registered descriptor: the fd plus the loop-unique token epoll reports.
public struct Registration: Sendable, Equatable {
    public let fd: Int32
    let token: UInt64
}

/// Identifies a scheduled timer so it can be cancelled.
public struct TimerID: Sendable, Hashable {
    let raw: UInt64
}

/// One thread, one epoll instance: readiness callbacks, timers and tasks
/// submitted from other threads, all run on that thread.
///
/// Everything but `execute(_:)`, `stop()` and `inLoop` must be called on the
/// loop thread; that confinement (not locks) is what makes the loop's
/// handlers, timers and connections safe, hence `@unchecked Sendable`.
///
/// Design choices (after SwiftNIO's `SelectableEventLoop`):
/// - cross-thread wake-ups go through one eventfd(2), written only when the
///   task queue goes from empty to non-empty;
/// - timers live in a min-heap; the earliest deadline becomes the
///   `epoll_wait` timeout (rounded up to whole milliseconds, so a timer never
///   fires early). Network deadlines need no finer resolution, and this saves
///   a `timerfd_settime` per re-arm.
public final class EventLoop: @unchecked Sendable {
    public let name: String
    private let selector: Selector
    private let wakeFD: Int32
    private static let wakeToken: UInt64 = 0

    private struct Inbox {
        var tasks: [@Sendable () -> Void] = []
        var stopRequested = false
    }
    private let inbox = Mutex(Inbox())

    private var handlers: [UInt64: any IOHandler] = [:]
    private var nextToken: UInt64 = 1
    private var timers = TimerHeap()
    private var timerCallbacks: [UInt64: () -> Void] = [:]
    private var nextTimerID: UInt64 = 1
    private let thread = Mutex<pthread_t?>(nil)

    /// Monotonic time at the start of the current iteration; cheap "now" for
    /// handlers that only need loop-granularity time.
    public private(set) var now: UInt64 = MonotonicClock.now()

    /// A scratch buffer that connections on this loop read into; its
    /// contents are only valid during one read callback.
    public let readBuffer: UnsafeMutableRawBufferPointer

    public init(name: String) throws {
        self.name = name
        selector = try Selector()
        let fd = eventfd(0, Int32(EFD_CLOEXEC | EFD_NONBLOCK))
        guard fd >= 0 else { throw IOError("eventfd") }
        wakeFD = fd
        readBuffer = .allocate(byteCount: 64 * 1024, alignment: 16)
        try selector.add(fd: wakeFD, events: .read, token: Self.wakeToken)
    }

    deinit {
        close(wakeFD)
        readBuffer.deallocate()
    }

    // MARK: Thread-safe API

    /// True when called on the loop's own thread.
    public var inLoop: Bool {
        let current = pthread_self()
        return thread.withLock { owner in owner.map { pthread_equal($0, current) != 0 } ?? false }
    }

    /// Debug builds only: traps unless called on the loop's thread, or while
    /// no thread runs the loop (set-up before `run()`, tear-down after it).
    ///
    /// Loop-confined objects (connections, RPC clients, hubs) are safe only
    /// because every call arrives on their loop's thread; a call from
    /// another thread is a data race that shows up, if ever, as a rare
    /// corrupted dictionary. Their entry points call this so such a call
    /// fails at once, in tests, at the caller. Release builds skip the
    /// check (`assert`), so the request path pays nothing for it.
    @inlinable
    public func assertInLoop(_ message: @autoclosure () -> String = "",
                             file: StaticString = #fileID, line: UInt = #line) {
        assert(isConfinedToCurrentThread, "\(name): called off its loop thread. \(message())", file: file, line: line)
    }

    /// On the loop's thread, or no thread is running the loop.
    @usableFromInline
    var isConfinedToCurrentThread: Bool {
        let current = pthread_self()
        return thread.withLock { owner in owner.map { pthread_equal($0, current) != 0 } ?? true }
    }

    /// Runs `task` on the loop thread soon. Safe from any thread.
    public func execute(_ task: @escaping @Sendable () -> Void) {
        let wasEmpty = inbox.withLock { inbox in
            let empty = inbox.tasks.isEmpty
            inbox.tasks.append(task)
            return empty
        }
        if wasEmpty { wake() }
    }

    /// Asks `run()` to return after the current iteration. Safe from any thread.
    public func stop() {
        inbox.withLock { $0.stopRequested = true }
        wake()
    }

    private func wake() {
        var one: UInt64 = 1
        _ = write(wakeFD, &one, 8)
    }

    // MARK: Loop-thread API

    /// Runs the loop on the calling thread until `stop()`.
    public func run() {
        thread.withLock { $0 = pthread_self() }
        defer { thread.withLock { $0 = nil } }
        while true {
            now = MonotonicClock.now()
            let timeout = millisecondsUntilNextTimer()
            do {
                try selector.wait(timeoutMilliseconds: timeout) { token, events in
                    if token == Self.wakeToken {
                        var value: UInt64 = 0
                        _ = read(wakeFD, &value, 8)
                    } else {
                        handlers[token]?.handleIO(events)
                    }
                }
            } catch {
                // epoll_wait only fails on programming errors (EBADF, EFAULT, EINVAL).
                fatalError("\(name): \(error)")
            }
            now = MonotonicClock.now()
            runDueTimers()
            let (tasks, stopping) = inbox.withLock { inbox in
                let tasks = inbox.tasks
                inbox.tasks.removeAll(keepingCapacity: true)
                return (tasks, inbox.stopRequested)
            }
            for task in tasks { task() }
            if stopping { return }
        }
    }

    public func register(fd: Int32, events: IOEvents, handler: any IOHandler) throws -> Registration {
        let token = nextToken
        nextToken += 1
        try selector.add(fd: fd, events: events, token: token)
        handlers[token] = handler
        return Registration(fd: fd, token: token)
    }

    public func reregister(_ registration: Registration, events: IOEvents) {
        // MOD on a registered descriptor fails only on programming errors.
        try? selector.modify(fd: registration.fd, events: events, token: registration.token)
    }

    /// Must be called before the descriptor is closed.
    public func deregister(_ registration: Registration) {
        selector.remove(fd: registration.fd)
        handlers[registration.token] = nil
    }

    @discardableResult
    public func schedule(afterNanoseconds delay: UInt64, _ body: @escaping () -> Void) -> TimerID {
        let id = nextTimerID
        nextTimerID += 1
        timers.insert(.init(deadline: MonotonicClock.now() &+ delay, id: id))
        timerCallbacks[id] = body
        return TimerID(raw: id)
    }

    @discardableResult
    public func schedule(afterMilliseconds delay: Int, _ body: @escaping () -> Void) -> TimerID {
        schedule(afterNanoseconds: UInt64(max(0, delay)) * 1_000_000, body)
    }

    public func cancel(_ timer: TimerID) {
        timerCallbacks[timer.raw] = nil
    }

    private func millisecondsUntilNextTimer() -> Int32 {
        if inbox.withLock({ !$0.tasks.isEmpty || $0.stopRequested }) { return 0 }
        while let earliest = timers.earliest {
            guard timerCallbacks[earliest.id] != nil else {
                _ = timers.popEarliest()
                continue
            }
            if earliest.deadline <= now { return 0 }
            let milliseconds = (earliest.deadline - now + 999_999) / 1_000_000
            return Int32(min(milliseconds, UInt64(Int32.max)))
        }
        return -1
    }

    private func runDueTimers() {
        while let earliest = timers.earliest, earliest.deadline <= now {
            _ = timers.popEarliest()
            if let callback = timerCallbacks.removeValue(forKey: earliest.id) {
                callback()
            }
        }
    }
}
