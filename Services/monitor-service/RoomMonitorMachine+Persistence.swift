import JSON

/// The durable state as JSON, for the I/O layer to keep in SQLite and
/// resume from after a crash. Hand-written (no `Codable`) so the stored shape
/// is explicit and stable:
///
///     {"format":1,"sessionId","gameId","roomCode",
///      "room":{"code","appTag","host","maxPlayers","minPlayers","locked","full"}|null,
///      "slot":{"id","secret"}|null,
///      "players":[{"id":N|null,"name"}],
///      "roomState":{"state","lobbyState","gameCanStart","gameIsStarting","gameFinished"}|null,
///      "versions":{"<entity key>":N},
///      "connectedAnnounced","gameStarted","gameFinished","finishedReason":null|"<reason>"}
///
/// A restored machine is `idle`: `start` looks the room up and reconnects
/// with the saved slot, and because the roster, the versions and the
/// announced flags come back too, only genuinely new things are emitted.
extension RoomMonitorMachine {
    static let persistenceFormat: Int64 = 1

    func toJSON() -> JSONValue {
        var object = JSONObject()
        object.append("format", .int(Self.persistenceFormat))
        object.append("sessionId", .int(state.target.sessionID))
        object.append("gameId", .int(state.target.gameID))
        object.append("roomCode", .string(state.target.roomCode))
        object.append("room", state.room.map(Self.encode) ?? .null)
        object.append("slot", state.slot.map { ["id": .int($0.id), "secret": .string($0.secret)] } ?? .null)
        object.append("players", .array(state.roster.players.map { player in
            ["id": player.id.map(JSONValue.int) ?? .null, "name": .string(player.name)]
        }))
        object.append("roomState", state.roomState.map(Self.encode) ?? .null)
        var versions = JSONObject()
        for key in state.versions.keys.sorted() { versions.append(key, .int(state.versions[key] ?? 0)) }
        object.append("versions", .object(versions))
        object.append("connectedAnnounced", .bool(state.connectedAnnounced))
        object.append("gameStarted", .bool(state.gameStarted))
        object.append("gameFinished", .bool(state.gameFinished))
        object.append("finishedReason", JSONValue(state.finishedReason?.rawValue))
        return .object(object)
    }

    /// Restores a machine stored by `toJSON()`; nil for another format or
    /// without the target (session, session game, room code). Other fields
    /// are read leniently: missing means "not yet".
    init?(json: JSONValue, configuration: RoomMonitorConfiguration) {
        guard json["format"]?.intValue == Self.persistenceFormat, let sessionID = json["sessionId"]?.intValue,
              let gameID = json["gameId"]?.intValue, let roomCode = json["roomCode"]?.stringValue else { return nil }
        self.init(target: MonitorTarget(sessionID: sessionID, gameID: gameID, roomCode: roomCode),
                  configuration: configuration)
        if let room = json["room"], room.objectValue != nil {
            state.room = RoomLookup.Room(
                code: room["code"]?.stringValue ?? roomCode, appTag: room["appTag"]?.stringValue,
                host: room["host"]?.stringValue, maxPlayers: room["maxPlayers"]?.intValue.flatMap { Int(exactly: $0) },
                minPlayers: room["minPlayers"]?.intValue.flatMap { Int(exactly: $0) },
                locked: room["locked"]?.boolValue ?? false, full: room["full"]?.boolValue ?? false)
        }
        if let id = json["slot"]?["id"]?.intValue, let secret = json["slot"]?["secret"]?.stringValue {
            state.slot = RoomMonitorState.Slot(id: id, secret: secret)
        }
        state.roster = PlayerRoster((json["players"]?.arrayValue ?? []).compactMap { entry in
            entry["name"]?.stringValue.map { EcastPlayer(id: entry["id"]?.intValue, name: $0) }
        })
        if let roomState = json["roomState"], roomState.objectValue != nil {
            state.roomState = RoomState(val: roomState)
        }
        for member in json["versions"]?.objectValue?.members ?? [] {
            if let version = member.value.intValue { state.versions[member.key] = version }
        }
        state.connectedAnnounced = json["connectedAnnounced"]?.boolValue ?? false
        state.gameStarted = json["gameStarted"]?.boolValue ?? false
        state.gameFinished = json["gameFinished"]?.boolValue ?? false
        state.finishedReason = json["finishedReason"]?.stringValue.flatMap(DisconnectReason.init(rawValue:))
        if isFinished { phase = .finished }
    }

    private static func encode(_ room: RoomLookup.Room) -> JSONValue {
        var object = JSONObject()
        object.append("code", .string(room.code))
        object.append("appTag", JSONValue(room.appTag))
        object.append("host", JSONValue(room.host))
        object.append("maxPlayers", room.maxPlayers.map { JSONValue($0) } ?? .null)
        object.append("minPlayers", room.minPlayers.map { JSONValue($0) } ?? .null)
        object.append("locked", .bool(room.locked))
        object.append("full", .bool(room.full))
        return .object(object)
    }

    private static func encode(_ roomState: RoomState) -> JSONValue {
        var object = JSONObject()
        object.append("state", JSONValue(roomState.state))
        object.append("lobbyState", JSONValue(roomState.lobbyState))
        object.append("gameCanStart", MonitorEvents.optional(roomState.gameCanStart))
        object.append("gameIsStarting", MonitorEvents.optional(roomState.gameIsStarting))
        object.append("gameFinished", MonitorEvents.optional(roomState.gameFinished))
        return .object(object)
    }
}
