/// The room-state side: lobby updates, start and end.
extension RoomMonitorMachine {
    /// A room entity update: ignored when its version is stale; otherwise it
    /// replaces the room state, reports a lobby change (only before the
    /// start — `lobby.updated` is a lobby event) and checks start and end.
    mutating func applyRoomEntity(_ entity: EcastEntity, _ effects: inout [RoomMonitorEffect]) {
        guard acceptVersion(entity.version, forKey: entity.key) else { return }
        let previous = state.roomState
        let current = RoomState(val: entity.val)
        state.roomState = current
        let startedBefore = state.gameStarted
        if !startedBefore, !current.showsStart, previous?.lobbyFields != current.lobbyFields {
            effects.append(.emit(MonitorEvents.lobbyUpdated(state)))
        }
        evaluateLifecycle(startedBefore: startedBefore, &effects)
    }

    /// Start: the room state leaves `Lobby` — or, while no room entity has
    /// been seen at all, the REST lookup said `locked`. End: the room shows
    /// an end (see `RoomState.showsEnd`), but only if the game had started
    /// before this update: the update that reveals a start never also ends
    /// it, so a `PostGame` left over from a previous round in the same room
    /// cannot end a game at its first frame.
    mutating func evaluateLifecycle(startedBefore: Bool, _ effects: inout [RoomMonitorEffect]) {
        if !state.gameStarted, state.roomState?.showsStart ?? state.room?.locked ?? false {
            state.gameStarted = true
            effects.append(.emit(MonitorEvents.gameStarted(state)))
            // The count at the start; skipped when this step already wrote it
            // (a welcome that shows a game in progress).
            let update = RoomMonitorEffect.updateSessionGame(playerCount: state.roster.count, checkStatus: .monitoring,
                                                             status: nil)
            if !effects.contains(update) { effects.append(update) }
        }
        if startedBefore, state.roomState?.showsEnd == true {
            endGame(&effects)
        }
    }
}
