import Contracts
import IO
import JSON
import Synchronization
import WebSocket

/// Which admins are on which dashboard page, gateway-wide.
///
/// After `auth`, a live client may send `{"type":"page_focus","page":…}`;
/// the connection then counts as present with its token's `name`, the page
/// and `since` (when it focused that page). The set changes on a first
/// focus, a new page, a disconnect, a failed re-`auth` and a token expiry
/// (seen by the hub's sweep, every few seconds); every change leads to a
/// `presence_update` to every authenticated client of every loop, at most
/// one per second (`PresenceCoalescer`), carrying the whole set.
///
/// Each loop's `LiveHub` reports its own clients here (keyed by a
/// gateway-unique connection number); the state lives behind one `Mutex`
/// (changes are rare: a page focus is a click), and the frame, encoded
/// once, is handed to every loop's hub by `broadcast`, as events are.
struct PresenceState: Sendable, Equatable {
    struct Entry: Sendable, Equatable {
        var name: String
        var page: String
        /// Unix ms of the focus.
        var since: Int64
    }

    private(set) var entries: [UInt64: Entry] = [:]
    var coalescer = PresenceCoalescer()

    /// Records a focus; true when the set changed (a new connection or a
    /// new page; the same page again changes nothing).
    mutating func focus(connection: UInt64, name: String, page: String, now: Int64) -> Bool {
        if let entry = entries[connection], entry.name == name, entry.page == page { return false }
        entries[connection] = Entry(name: name, page: page, since: now)
        return true
    }

    /// Forgets a connection; true when it was present.
    mutating func remove(connection: UInt64) -> Bool {
        entries.removeValue(forKey: connection) != nil
    }

    /// The `data.admins` array: by name, then since, then connection.
    var admins: [JSONValue] {
        entries.sorted { ($0.value.name, $0.value.since, $0.key) < ($1.value.name, $1.value.since, $1.key) }
            .map { _, entry in
                ["name": .string(entry.name), "page": .string(entry.page),
                 "since": .string(Timestamp.format(milliseconds: entry.since))]
            }
    }
}

/// At most one broadcast per `interval`: a change sends at once when the
/// last broadcast is at least `interval` old, otherwise one flush is due
/// when it is; changes meanwhile ride along with that flush. Pure: times
/// are monotonic milliseconds given by the caller.
struct PresenceCoalescer: Sendable, Equatable {
    enum Action: Equatable {
        /// Broadcast the current set now.
        case sendNow
        /// Schedule one flush at this time (no flush was due yet).
        case flushAt(Int64)
        /// A flush is already due; it will carry this change.
        case wait
    }

    var interval: Int64 = 1000
    private(set) var lastSent: Int64?
    private(set) var flushDue: Int64?

    mutating func changed(now: Int64) -> Action {
        if flushDue != nil { return .wait }
        if let lastSent, now - lastSent < interval {
            let due = lastSent + interval
            flushDue = due
            return .flushAt(due)
        }
        lastSent = now
        return .sendNow
    }

    /// The scheduled flush ran: broadcast (true) unless nothing was due.
    mutating func flush(now: Int64) -> Bool {
        guard flushDue != nil else { return false }
        flushDue = nil
        lastSent = now
        return true
    }
}

/// The gateway-wide presence registry (see `PresenceState`).
final class PresenceRegistry: Sendable {
    private let state: Mutex<PresenceState>
    private let nextConnection = Atomic<UInt64>(1)
    /// Hands a `presence_update` frame to every loop's hub.
    private let broadcast: Mutex<(@Sendable ([UInt8]) -> Void)?> = Mutex(nil)

    init(interval: Int64 = 1000) {
        var initial = PresenceState()
        initial.coalescer.interval = interval
        state = Mutex(initial)
    }

    func setBroadcast(_ broadcast: @escaping @Sendable ([UInt8]) -> Void) {
        self.broadcast.withLock { $0 = broadcast }
    }

    /// A gateway-unique number for a new live connection.
    func newConnection() -> UInt64 {
        nextConnection.wrappingAdd(1, ordering: .relaxed).oldValue
    }

    /// On the hub's loop: a page focus.
    func focus(connection: UInt64, name: String, page: String, loop: EventLoop) {
        let now = WallClock.nowMilliseconds()
        apply(loop: loop) { $0.focus(connection: connection, name: name, page: page, now: now) }
    }

    /// On the hub's loop: the connection closed or lost its authentication.
    func remove(connection: UInt64, loop: EventLoop) {
        apply(loop: loop) { $0.remove(connection: connection) }
    }

    private func apply(loop: EventLoop, _ change: (inout PresenceState) -> Bool) {
        let now = Self.monotonicMilliseconds()
        let (action, frame): (PresenceCoalescer.Action?, [UInt8]?) = state.withLock { state in
            guard change(&state) else { return (nil, nil) }
            let action = state.coalescer.changed(now: now)
            return (action, action == .sendNow ? Self.frame(state) : nil)
        }
        switch action {
        case .sendNow?: if let frame { send(frame) }
        case .flushAt(let due)?:
            loop.schedule(afterMilliseconds: Int(max(0, due - now))) { [self] in flush() }
        case .wait?, nil: break
        }
    }

    private func flush() {
        let now = Self.monotonicMilliseconds()
        let frame: [UInt8]? = state.withLock { state in
            state.coalescer.flush(now: now) ? Self.frame(state) : nil
        }
        if let frame { send(frame) }
    }

    private func send(_ frame: [UInt8]) {
        broadcast.withLock { $0 }?(frame)
    }

    /// The current set, for tests.
    var admins: [JSONValue] { state.withLock { $0.admins } }

    static func frame(_ state: PresenceState) -> [UInt8] {
        let timestamp = Timestamp.format(milliseconds: WallClock.nowMilliseconds())
        return WebSocketFrameEncoder.text(
            LiveProtocol.event(type: "presence_update", timestamp: timestamp, data: ["admins": .array(state.admins)]))
    }

    static func monotonicMilliseconds() -> Int64 { Int64(MonotonicClock.now() / 1_000_000) }
}
