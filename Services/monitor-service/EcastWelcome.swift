import JSON

/// The parts of a `client/welcome` result the monitor uses: the slot it was
/// given (`id` + `secret`, needed to reconnect to the same slot), whether
/// this was such a reconnect, the players present and the room entity.
struct EcastWelcome: Sendable, Equatable {
    var id: Int64?
    var secret: String?
    var reconnect: Bool
    var players: [EcastPlayer]
    var room: EcastEntity?

    init(id: Int64? = nil, secret: String? = nil, reconnect: Bool = false, players: [EcastPlayer] = [],
         room: EcastEntity? = nil) {
        self.id = id
        self.secret = secret
        self.reconnect = reconnect
        self.players = players
        self.room = room
    }

    /// Reads a welcome `result`; every field is optional (a missing or
    /// mistyped one reads as absent).
    init(result: JSONValue?) {
        self.init(id: result?["id"]?.intValue, secret: result?["secret"]?.stringValue,
                  reconnect: result?["reconnect"]?.boolValue ?? false,
                  players: EcastPlayer.players(inHere: result?["here"]),
                  room: EcastEntity.roomEntity(inEntities: result?["entities"]))
    }
}
