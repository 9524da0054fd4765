/// The per-room monitor as a sans-I/O state machine: `handle(_:)` takes one
/// `RoomMonitorInput` and returns the `RoomMonitorEffect`s to perform, in
/// order. It owns no socket, timer, clock or database — the I/O layer does
/// all of that and reports back — so every rule of the monitor is a pure,
/// unit-testable function of (state, input).
///
/// Lifecycle (phases):
///
///     idle ─start→ lookingUp ─200→ connecting ─open→ awaitingWelcome ─welcome→ watching
///                      │ 404 → finished                       │ close / transient failure
///                      └──────── waitingToReconnect ←─────────┘   (back-off; after the last
///                                 └─reconnectDue→ lookingUp        attempt: connection_failed)
///
/// After a drop the room is looked up again before reconnecting: a 404 then
/// means ecast closed the room; a 200 reconnects to our slot with the
/// welcome's secret and id. A finished machine answers every input with `[]`.
struct RoomMonitorMachine: Sendable, Equatable {
    /// Where the machine is in its connection lifecycle (not persisted).
    enum Phase: Sendable, Equatable {
        case idle
        case lookingUp
        case connecting
        case awaitingWelcome
        case watching
        case waitingToReconnect
        case finished
    }

    let configuration: RoomMonitorConfiguration
    // state, phase and failedAttempts change only through `handle(_:)` (the
    // extensions in the RoomMonitorMachine+*.swift files need the setters).

    /// The durable state (what `toJSON()` stores).
    var state: RoomMonitorState
    var phase: Phase = .idle
    /// Reconnect attempts used since the last welcome (indexes the back-off schedule).
    var failedAttempts = 0

    init(target: MonitorTarget, configuration: RoomMonitorConfiguration) {
        self.configuration = configuration
        state = RoomMonitorState(target: target)
    }

    var target: MonitorTarget { state.target }
    var isFinished: Bool { state.finishedReason != nil }

    /// Applies one input; returns what to do, in order (see `RoomMonitorEffect`
    /// for the ordering contract). Appends `.persist` when the durable state
    /// changed and the monitor is still running.
    mutating func handle(_ input: RoomMonitorInput) -> [RoomMonitorEffect] {
        guard !isFinished else { return [] }
        let before = state
        var effects: [RoomMonitorEffect] = []
        switch input {
        case .start: start(&effects)
        case .lookupSucceeded(let room): lookupSucceeded(room, &effects)
        case .lookupFailed(let failure): lookupFailed(failure, &effects)
        case .socketOpened: if phase == .connecting { phase = .awaitingWelcome }
        case .received(let message): received(message, &effects)
        case .socketClosed: if hasSocket { retryLater(&effects) }
        case .reconnectDue: reconnectDue(&effects)
        case .recountDue: if phase == .watching { effects.append(.recount(url(reconnecting: false))) }
        case .recounted(let players): if state.connectedAnnounced { announceNew(players, &effects) }
        case .stop: finish(.manuallyStopped, checkStatus: .stopped, &effects)
        }
        if !isFinished, state != before { effects.append(.persist) }
        return effects
    }

    /// A shard socket is open or being opened, so ending must close it.
    var hasSocket: Bool { phase == .connecting || phase == .awaitingWelcome || phase == .watching }

    /// The shard URL for this room: with our slot's secret and id when
    /// reconnecting and a slot is known, without for a fresh slot (first
    /// connection, recount connections).
    func url(reconnecting: Bool) -> ShardURL {
        let slot = reconnecting ? state.slot : nil
        return ShardURL(baseURL: configuration.ecastBaseURL, host: state.room?.host, code: target.roomCode,
                        sessionID: target.sessionID, secret: slot?.secret, id: slot?.id)
    }
}
