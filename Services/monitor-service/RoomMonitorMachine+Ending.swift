/// Every way a monitor ends. A monitor ends with its game; all endings share
/// one tail — update the session game, close the shard if one is open,
/// announce `room.disconnected`, `.finished` — so nothing can follow it.
extension RoomMonitorMachine {
    /// The game ended: `game.ended`, then the session game becomes `played`
    /// with the final count (`completed`, and `player-count.updated` once that
    /// is written), close, `room.disconnected` `game_ended`.
    mutating func endGame(_ effects: inout [RoomMonitorEffect]) {
        state.gameFinished = true
        effects.append(.emit(MonitorEvents.gameEnded(state)))
        finish(.gameEnded, checkStatus: .completed, status: "played", &effects)
    }

    /// ecast closed the room. The session game is `played` either way (its
    /// room is gone); the count is final (`completed`) only if the game had
    /// started — a room closed in the lobby says nothing about who played,
    /// so the check `failed`.
    mutating func finishRoomClosed(_ effects: inout [RoomMonitorEffect]) {
        finish(.roomClosed, checkStatus: state.gameStarted ? .completed : .failed, status: "played", &effects)
    }

    /// The shared tail. The player count is written only with `completed`;
    /// for `failed`/`stopped` the session game keeps the last live count.
    mutating func finish(_ reason: DisconnectReason, checkStatus: PlayerCountCheckStatus, status: String? = nil,
                         _ effects: inout [RoomMonitorEffect]) {
        let completed = checkStatus == .completed
        effects.append(.updateSessionGame(playerCount: completed ? state.roster.count : nil, checkStatus: checkStatus,
                                          status: status))
        if completed { effects.append(.emit(MonitorEvents.playerCountUpdated(state))) }
        if hasSocket { effects.append(.closeShard) }
        effects.append(.emit(MonitorEvents.roomDisconnected(state, reason: reason)))
        effects.append(.finished(reason))
        state.finishedReason = reason
        phase = .finished
    }
}
