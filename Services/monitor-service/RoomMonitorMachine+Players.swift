/// Join announcements. All three sources — `client/connected`,
/// `textDescriptions` and welcomes/recounts — funnel through here, and the
/// roster decides who is new (see `PlayerRoster`), so each player is
/// announced exactly once whatever mix of sources reports them.
extension RoomMonitorMachine {
    /// Announces each new player: `lobby.player-joined` (with the count and
    /// names after the join), then the new count for the session game.
    mutating func announceNew(_ players: [EcastPlayer], _ effects: inout [RoomMonitorEffect]) {
        for player in players where state.roster.admit(player) {
            effects.append(.emit(MonitorEvents.playerJoined(state, name: player.name)))
            effects.append(.updateSessionGame(playerCount: state.roster.count, checkStatus: .monitoring, status: nil))
        }
    }
}
