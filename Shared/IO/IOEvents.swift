import CSystemLinux

/// Readiness a handler is interested in or has been told about. Our own
/// names, so epoll constants never leak past `Selector`.
public struct IOEvents: OptionSet, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Bytes (or a connection, for a listener) can be read without blocking.
    public static let read = IOEvents(rawValue: 1 << 0)
    /// The socket send buffer has room.
    public static let write = IOEvents(rawValue: 1 << 1)
    /// The peer shut down its writing half (EPOLLRDHUP).
    public static let hangup = IOEvents(rawValue: 1 << 2)
    /// An error is pending, or both directions are gone (EPOLLERR, EPOLLHUP).
    public static let error = IOEvents(rawValue: 1 << 3)

    var epollMask: UInt32 {
        // EPOLLERR and EPOLLHUP are always reported. RDHUP goes with reading:
        // level-triggered, it would fire on every wait while reads are paused.
        // Level-triggered on purpose (as SwiftNIO): no obligation to drain to
        // EAGAIN on every wake-up.
        var mask: UInt32 = 0
        if contains(.read) { mask |= UInt32(EPOLLIN.rawValue) | UInt32(EPOLLRDHUP.rawValue) }
        if contains(.write) { mask |= UInt32(EPOLLOUT.rawValue) }
        return mask
    }

    init(epollMask mask: UInt32) {
        var events: IOEvents = []
        if mask & UInt32(EPOLLIN.rawValue) != 0 { events.insert(.read) }
        if mask & UInt32(EPOLLOUT.rawValue) != 0 { events.insert(.write) }
        if mask & UInt32(EPOLLRDHUP.rawValue) != 0 { events.insert(.hangup) }
        if mask & (UInt32(EPOLLERR.rawValue) | UInt32(EPOLLHUP.rawValue)) != 0 { events.insert(.error) }
        self = events
    }
}
