import Contracts
import JSON
@testable import monitor_service

// Fixtures shared by the monitor tests: a target, a lookup answer, ecast
// frames as the server writes them, and a one-line summary per effect so an
// exact effect sequence reads as a list of strings.

let ecastBase = "https://ecast.jackboxgames.com"
let shardHost = "ecast-prod-use2.jackboxgames.com"
let target = MonitorTarget(sessionID: 3, gameID: 17, roomCode: "LSBN")
let lookupURL = "https://ecast.jackboxgames.com/api/v2/rooms/LSBN"
let freshURL = "wss://ecast-prod-use2.jackboxgames.com/api/v2/rooms/LSBN/play?role=shard&name=GamePicker&userId=gamepicker-3&format=json"
let slotURL = freshURL + "&secret=s3cr3t&id=7"

let drawful = RoomLookup.Room(code: "LSBN", appTag: "drawful2international", host: shardHost, maxPlayers: 8,
                              minPlayers: 3)

func makeMachine(delays: [Int] = [1000, 2000, 4000, 8000, 16000]) -> RoomMonitorMachine {
    RoomMonitorMachine(target: target, configuration: RoomMonitorConfiguration(ecastBaseURL: ecastBase,
                                                                                 reconnectDelays: delays))
}

/// Room entity values.
func lobby(_ lobbyState: String, canStart: Bool = false, starting: Bool = false) -> JSONValue {
    ["state": "Lobby", "lobbyState": .string(lobbyState), "gameCanStart": .bool(canStart),
     "gameIsStarting": .bool(starting)]
}

func playing(_ state: String = "Gameplay", lobbyState: String? = nil) -> JSONValue {
    var object: JSONObject = ["state": .string(state)]
    if let lobbyState { object["lobbyState"] = .string(lobbyState) }
    return .object(object)
}

/// Server → client frames, as JSON text.
enum Frame {
    static func text(_ value: JSONValue) -> String { value.jsonString }

    static func welcome(id: Int64 = 7, secret: String = "s3cr3t", reconnect: Bool = false,
                        players: [(Int64, String)] = [], room: JSONValue? = lobby("WaitingForMore"),
                        version: Int64 = 5, roomKey: String = "bc:room") -> String {
        var here: JSONObject = ["1": ["id": 1, "roles": ["host": [:]]]]
        for (slot, name) in players {
            here[String(slot)] = ["id": .int(slot), "roles": ["player": ["name": .string(name)]]]
        }
        here[String(id)] = ["id": .int(id), "roles": ["shard": [:]]]
        var entities = JSONObject()
        if let room {
            entities[roomKey] = ["object", ["key": .string(roomKey), "val": room, "version": .int(version), "from": 1],
                                 ["locked": false]]
        }
        return text(["pc": 1, "opcode": "client/welcome",
                     "result": ["id": .int(id), "secret": .string(secret), "reconnect": .bool(reconnect),
                                "deviceId": "abc", "here": .object(here), "entities": .object(entities),
                                "profile": [:]]])
    }

    static func connected(_ id: Int64, _ name: String, role: String = "player") -> String {
        text(["pc": 2, "opcode": "client/connected",
              "result": ["id": .int(id), "userId": .string("u\(id)"), "name": .string(name), "role": .string(role)]])
    }

    static func disconnected(_ id: Int64) -> String {
        text(["pc": 3, "opcode": "client/disconnected", "result": ["id": .int(id), "role": "player"]])
    }

    static func room(_ val: JSONValue, version: Int64, key: String = "bc:room") -> String {
        text(["pc": 4, "opcode": "object", "result": ["key": .string(key), "val": val, "version": .int(version),
                                                      "from": 1]])
    }

    static func descriptions(_ lines: [(String, String)], version: Int64) -> String {
        let entries = lines.map { JSONValue.object(["category": .string($0.0), "text": .string($0.1)]) }
        return text(["pc": 5, "opcode": "object",
                     "result": ["key": "textDescriptions", "val": ["latestDescriptions": .array(entries)],
                                "version": .int(version), "from": 1]])
    }

    static func exit(cause: Int64 = 1) -> String {
        text(["pc": 6, "opcode": "room/exit", "result": ["cause": .int(cause)]])
    }

    static func error(_ code: Int64, _ message: String = "oops") -> String {
        text(["pc": 7, "opcode": "error", "result": ["code": .int(code), "msg": .string(message)]])
    }
}

extension RoomMonitorMachine {
    /// Parses `frame` as the I/O layer would and hands it to the machine.
    mutating func feed(_ frame: String) -> [RoomMonitorEffect] { handle(.received(EcastMessage.parse(frame))) }

    /// start → lookup 200 → open → welcome; returns the welcome's effects.
    mutating func connect(welcome: String = Frame.welcome(), room: RoomLookup.Room = drawful) -> [RoomMonitorEffect] {
        _ = handle(.start)
        _ = handle(.lookupSucceeded(room))
        _ = handle(.socketOpened)
        return feed(welcome)
    }
}

extension RoomMonitorEffect {
    /// One line per effect: `emit room.connected`, `update 2 monitoring -`,
    /// `close`, `persist`, `finished game_ended`, …
    var summary: String {
        switch self {
        case .lookUpRoom(let url): "lookup \(url)"
        case .connect(let url): "connect \(url)"
        case .scheduleReconnect(let delay): "schedule \(delay)"
        case .recount(let url): "recount \(url)"
        case .closeShard: "close"
        case .emit(let event): "emit \(event.type)"
        case .updateSessionGame(let count, let check, let status):
            "update \(count.map(String.init) ?? "-") \(check.rawValue) \(status ?? "-")"
        case .persist: "persist"
        case .finished(let reason): "finished \(reason.rawValue)"
        }
    }
}

extension Array where Element == RoomMonitorEffect {
    var summaries: [String] { map(\.summary) }

    var events: [Event] {
        compactMap { effect in
            if case .emit(let event) = effect { return event }
            return nil
        }
    }

    func event(_ type: String) -> Event? { events.first { $0.type == type } }
}
