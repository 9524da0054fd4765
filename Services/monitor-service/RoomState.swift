import JSON

/// What the monitor reads from the room entity's `val` (`bc:room`, `room`
/// or `roomBlob`): the fields that drive the lobby → start → end lifecycle.
///
/// Each entity update replaces the whole `val` (ecast sends the full object),
/// so a field missing from an update is unknown (`nil`) rather than kept from
/// the previous one.
struct RoomState: Sendable, Equatable {
    var state: String?
    var lobbyState: String?
    var gameCanStart: Bool?
    var gameIsStarting: Bool?
    var gameFinished: Bool?

    init(state: String? = nil, lobbyState: String? = nil, gameCanStart: Bool? = nil, gameIsStarting: Bool? = nil,
         gameFinished: Bool? = nil) {
        self.state = state
        self.lobbyState = lobbyState
        self.gameCanStart = gameCanStart
        self.gameIsStarting = gameIsStarting
        self.gameFinished = gameFinished
    }

    /// Reads an entity `val`. Some games ship the blob as a JSON string, so
    /// a string holding an object is parsed too; anything else reads as an
    /// all-unknown state.
    init(val: JSONValue?) {
        var object = val?.objectValue
        if object == nil, let text = val?.stringValue, let parsed = try? JSONValue.parse(text) {
            object = parsed.objectValue
        }
        self.init(state: object?["state"]?.stringValue, lobbyState: object?["lobbyState"]?.stringValue,
                  gameCanStart: object?["gameCanStart"]?.boolValue, gameIsStarting: object?["gameIsStarting"]?.boolValue,
                  gameFinished: object?["gameFinished"]?.boolValue)
    }

    /// The lobby fields `lobby.updated` reports; an event goes out only when
    /// this triple changes.
    var lobbyFields: LobbyFields { LobbyFields(lobbyState: lobbyState, gameCanStart: gameCanStart,
                                               gameIsStarting: gameIsStarting) }

    /// The game is under way: `state` is known and is not `Lobby`
    /// (`Gameplay`, `Gameplay_Round`, …). An unknown state says nothing.
    var showsStart: Bool {
        guard let state else { return false }
        return state != "Lobby"
    }

    /// The room says the game is over — meaningful only after a start:
    /// `lobbyState` `PostGame`/`PostGameCountdown`, `gameFinished: true`, or
    /// `state` back to `Lobby`.
    var showsEnd: Bool {
        lobbyState == "PostGame" || lobbyState == "PostGameCountdown" || gameFinished == true || state == "Lobby"
    }

    struct LobbyFields: Sendable, Equatable {
        var lobbyState: String?
        var gameCanStart: Bool?
        var gameIsStarting: Bool?
    }
}
