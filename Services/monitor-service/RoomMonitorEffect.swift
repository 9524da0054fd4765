import Contracts

/// What the I/O layer must do in response to an input, in list order.
///
/// Ordering contract: effects are performed in the order given. `.persist`,
/// when present, is the last effect of a step — the step's events and the
/// new durable state belong together (an I/O layer that writes both in one
/// transaction, with the events in an outbox, gets exactly-once events across
/// crashes). `.finished` is the last effect a machine ever produces; after it
/// every input yields `[]`, and the I/O layer tears down sockets and timers
/// and marks the stored monitor finished instead of persisting it.
enum RoomMonitorEffect: Sendable, Equatable {
    /// Perform `GET url` (see `RoomLookup`) and report `lookupSucceeded`/`lookupFailed`.
    case lookUpRoom(url: String)
    /// Open the shard WebSocket (subprotocol `ShardURL.subprotocol`) and
    /// report `socketOpened`, `received` per text frame, then `socketClosed`.
    case connect(ShardURL)
    /// Report `reconnectDue` after this many milliseconds.
    case scheduleReconnect(afterMilliseconds: Int)
    /// Open a short-lived second shard connection, read its `client/welcome`,
    /// close it and report `recounted(players)` (nothing if it fails).
    case recount(ShardURL)
    /// Close the shard socket (harmless if it is already closed).
    case closeShard
    /// Publish an event (`events.publish`).
    case emit(Event)
    /// Update the session game in session-service: set `player_count` when
    /// non-nil, `player_count_check_status`, and `status` when non-nil
    /// (only ever `"played"`).
    case updateSessionGame(playerCount: Int?, checkStatus: PlayerCountCheckStatus, status: String?)
    /// The durable state changed: store `machine.toJSON()`.
    case persist
    /// The monitor is over, for this reason.
    case finished(DisconnectReason)
}
