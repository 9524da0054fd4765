/// Why a monitor ended: the `reason` of `room.disconnected`.
enum DisconnectReason: String, Sendable, Equatable, CaseIterable {
    /// The game ran to its end.
    case gameEnded = "game_ended"
    /// ecast closed the room (`room/exit`, or a 404 after a drop).
    case roomClosed = "room_closed"
    /// The first lookup found no such room.
    case roomNotFound = "room_not_found"
    /// Every reconnect attempt in the back-off schedule failed.
    case connectionFailed = "connection_failed"
    /// The room refused our shard (ecast error 2014, no such role).
    case roleRejected = "role_rejected"
    /// A stop request (see `StopReason`).
    case manuallyStopped = "manually_stopped"
}

/// Why someone asked a monitor to stop. Every one ends as
/// `manually_stopped`; the cases exist so logs and tests can tell them apart.
enum StopReason: String, Sendable, Equatable, CaseIterable {
    case manual
    case sessionClosed = "session_closed"
    case gameRemoved = "game_removed"
    case roomCodeChanged = "room_code_changed"
    /// The session game's status was set to `played` or `skipped` by hand.
    case statusChanged = "status_changed"
}

/// `session_games.player_count_check_status` values the monitor writes.
enum PlayerCountCheckStatus: String, Sendable, Equatable, CaseIterable {
    case monitoring
    case completed
    case failed
    case stopped
}
