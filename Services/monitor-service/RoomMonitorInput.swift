/// Everything that can happen to a room monitor, as the I/O layer reports it.
/// The machine reacts to each with a list of `RoomMonitorEffect`s; an input
/// that makes no sense in the current phase (a late frame from a closed
/// socket, a timer that fired after a stop) is ignored, never fatal.
enum RoomMonitorInput: Sendable, Equatable {
    /// Begin (or, for a machine restored from JSON, resume) monitoring.
    case start
    /// The REST lookup answered 200.
    case lookupSucceeded(RoomLookup.Room)
    /// The REST lookup answered 404 (`notFound`) or failed otherwise.
    case lookupFailed(RoomLookup.Failure)
    /// The shard WebSocket handshake completed.
    case socketOpened
    /// A text frame arrived on the shard socket.
    case received(EcastMessage)
    /// The shard socket closed (or failed to open).
    case socketClosed
    /// The timer of a `.scheduleReconnect` fired.
    case reconnectDue
    /// The I/O layer's recount timer fired; answered by `.recount` while watching.
    case recountDue
    /// The players of the welcome on a `.recount` connection.
    case recounted([EcastPlayer])
    /// Stop monitoring (manual stop, session closed, game removed, room code
    /// changed, status set by hand).
    case stop(StopReason)
}
