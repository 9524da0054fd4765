/// Which room a monitor watches and on behalf of which session game.
/// `gameID` is `session_games.id` (the row the monitor reports on), not the
/// catalogue game's id.
struct MonitorTarget: Sendable, Equatable {
    var sessionID: Int64
    var gameID: Int64
    var roomCode: String

    init(sessionID: Int64, gameID: Int64, roomCode: String) {
        self.sessionID = sessionID
        self.gameID = gameID
        self.roomCode = roomCode
    }
}
