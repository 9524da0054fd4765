import JSON

/// One server → client ecast text frame (`{"pc","opcode","result"}`, replies
/// also `"re"`), reduced to what the room monitor acts on.
///
/// Parsing never fails and never traps: a frame that is not JSON, has no
/// opcode or has fields of the wrong type still becomes a value (`unknown`,
/// or a case whose optional fields are nil), because one odd frame from a
/// game must not take the monitor down.
enum EcastMessage: Sendable, Equatable {
    /// `client/welcome`: our slot, the players present and the room entity.
    case welcome(EcastWelcome)
    /// `client/connected`: someone took a slot. `player` is set only when the
    /// role is `player` and a name is given (audience and shards are not players).
    case clientConnected(player: EcastPlayer?, role: String?)
    /// `client/disconnected`: the slot is kept, so this is not a leave.
    case clientDisconnected(id: Int64?, role: String?)
    /// `object` for any key except `textDescriptions` (room state lives in
    /// `bc:room`/`room`/`roomBlob`).
    case entity(EcastEntity)
    /// `object` with key `textDescriptions`.
    case textDescriptions([EcastDescription], version: Int64?)
    /// `room/exit`: the room is closing; the socket closes right after.
    case roomExit(cause: Int64?)
    /// `error`: 2014 is "no such role" (our shard was refused).
    case error(code: Int64?, message: String?)
    /// A reply (`re`) with an opcode this enum does not model (e.g. `ok`).
    case reply(re: Int64, opcode: String?)
    /// Anything else, including frames that are not JSON objects (`opcode` nil).
    case unknown(opcode: String?)

    /// The ecast error code for "no such role": the room refused our shard.
    static let noSuchRoleCode: Int64 = 2014

    /// Parses one text frame.
    static func parse(_ text: String) -> EcastMessage {
        guard let frame = try? JSONValue.parse(text), frame.objectValue != nil else { return .unknown(opcode: nil) }
        return parse(frame: frame)
    }

    /// Parses one frame already decoded as JSON.
    static func parse(frame: JSONValue) -> EcastMessage {
        let opcode = frame["opcode"]?.stringValue
        let result = frame["result"]
        switch opcode {
        case "client/welcome":
            return .welcome(EcastWelcome(result: result))
        case "client/connected":
            let role = result?["role"]?.stringValue
            let name = EcastPlayer.usableName(result?["name"])
            let player = role == "player" ? name.map { EcastPlayer(id: result?["id"]?.intValue, name: $0) } : nil
            return .clientConnected(player: player, role: role)
        case "client/disconnected":
            return .clientDisconnected(id: result?["id"]?.intValue, role: result?["role"]?.stringValue)
        case "object":
            guard let entity = EcastEntity(object: result) else { break }
            if entity.key == EcastEntity.textDescriptionsKey {
                return .textDescriptions(EcastDescription.descriptions(inVal: entity.val), version: entity.version)
            }
            return .entity(entity)
        case "room/exit":
            return .roomExit(cause: result?["cause"]?.intValue)
        case "error":
            return .error(code: result?["code"]?.intValue, message: result?["msg"]?.stringValue)
        default:
            break
        }
        if let re = frame["re"]?.intValue { return .reply(re: re, opcode: opcode) }
        return .unknown(opcode: opcode)
    }
}
