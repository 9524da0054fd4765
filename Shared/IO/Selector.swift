import CSystemLinux
import Glibc

/// A thin wrapper over one epoll(7) instance.
///
/// Each registration is identified by a 64-bit token chosen by the caller
/// (the event loop uses a never-reused counter), stored in `epoll_data.u64`.
/// A token that no longer maps to a handler marks a stale event from a
/// descriptor closed earlier in the same batch, and is skipped; this is what
/// makes "fd closed and its number reused in one `epoll_wait` batch" safe.
final class Selector {
    let epollFD: Int32
    private var events: UnsafeMutablePointer<epoll_event>
    private let capacity: Int32 = 256

    init() throws {
        let fd = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard fd >= 0 else { throw IOError("epoll_create1") }
        epollFD = fd
        events = .allocate(capacity: Int(capacity))
    }

    deinit {
        events.deallocate()
        close(epollFD)
    }

    func add(fd: Int32, events interest: IOEvents, token: UInt64) throws {
        var event = epoll_event(events: interest.epollMask, data: epoll_data_t(u64: token))
        guard epoll_ctl(epollFD, EPOLL_CTL_ADD, fd, &event) == 0 else { throw IOError("epoll_ctl(ADD)") }
    }

    func modify(fd: Int32, events interest: IOEvents, token: UInt64) throws {
        var event = epoll_event(events: interest.epollMask, data: epoll_data_t(u64: token))
        guard epoll_ctl(epollFD, EPOLL_CTL_MOD, fd, &event) == 0 else { throw IOError("epoll_ctl(MOD)") }
    }

    func remove(fd: Int32) {
        var event = epoll_event()
        _ = epoll_ctl(epollFD, EPOLL_CTL_DEL, fd, &event)
    }

    /// Waits up to `timeoutMilliseconds` (-1: forever) and calls `body` for
    /// every ready registration. `EINTR` counts as "nothing ready".
    func wait(timeoutMilliseconds: Int32, _ body: (UInt64, IOEvents) -> Void) throws {
        let count = epoll_wait(epollFD, events, capacity, timeoutMilliseconds)
        if count < 0 {
            if errno == EINTR { return }
            throw IOError("epoll_wait")
        }
        for index in 0..<Int(count) {
            let event = events[index]
            body(event.data.u64, IOEvents(epollMask: event.events))
        }
    }
}
