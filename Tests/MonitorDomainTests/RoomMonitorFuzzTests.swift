import Contracts
import JSON
import Testing
import TestSupport
@testable import monitor_service

/// Random input sequences (seeded, so a failure replays): the machine never
/// traps, says nothing after `.finished`, and never announces a player twice —
/// even across simulated crashes (restore from `toJSON()`).
@Suite struct RoomMonitorFuzzTests {
    /// Slot ids 2…9 with fixed names, so "announced twice" is a name repeat.
    static func player(_ slot: Int64) -> EcastPlayer { EcastPlayer(id: slot, name: "P\(slot)") }

    static func randomInput(_ random: inout SplitMix64) -> RoomMonitorInput {
        func pick(_ bound: Int) -> Int { Int(random.next() % UInt64(bound)) }
        func somePlayers() -> [(Int64, String)] {
            (2...9).compactMap { slot in pick(2) == 0 ? (Int64(slot), "P\(slot)") : nil }
        }
        let roomVals: [JSONValue] = [lobby("WaitingForMore"), lobby("CanStart", canStart: true),
                                     lobby("Countdown", canStart: true, starting: true), playing(),
                                     playing("Gameplay_Round"), playing("Gameplay", lobbyState: "PostGame"),
                                     ["state": "Gameplay", "gameFinished": true], lobby("PostGame"), 5, [:]]
        let version = Int64(pick(12))
        switch pick(100) {
        case 0..<6: return .start
        case 6..<12: return .lookupSucceeded(RoomLookup.Room(code: "LSBN", host: pick(2) == 0 ? shardHost : nil,
                                                              maxPlayers: pick(2) == 0 ? 8 : nil, locked: pick(4) == 0))
        case 12..<16: return .lookupFailed(pick(4) == 0 ? .notFound : .transient)
        case 16..<22: return .socketOpened
        case 22..<28: return .socketClosed
        case 28..<34: return .reconnectDue
        case 34..<38: return .recountDue
        case 38..<44: return .recounted(somePlayers().map { player($0.0) })
        case 44: return .stop(StopReason.allCases[pick(StopReason.allCases.count)])
        case 45..<55:
            return .received(EcastMessage.parse(Frame.welcome(reconnect: pick(2) == 0, players: somePlayers(),
                                                              room: pick(3) == 0 ? nil : roomVals[pick(roomVals.count)],
                                                              version: version)))
        case 55..<65:
            let slot = Int64(2 + pick(8))
            return .received(EcastMessage.parse(Frame.connected(slot, "P\(slot)", role: pick(5) == 0 ? "audience" : "player")))
        case 65..<72:
            let lines = (0..<pick(4)).map { _ in ("join", "P\(2 + pick(8)) joined.") }
            return .received(EcastMessage.parse(Frame.descriptions(lines, version: version)))
        case 72..<88:
            let key = ["bc:room", "room", "roomBlob", "other"][pick(4)]
            return .received(EcastMessage.parse(Frame.room(roomVals[pick(roomVals.count)], version: version, key: key)))
        case 88..<90: return .received(EcastMessage.parse(Frame.exit()))
        case 90..<92: return .received(EcastMessage.parse(Frame.error(pick(3) == 0 ? 2014 : 2017)))
        case 92..<95: return .received(EcastMessage.parse(Frame.disconnected(Int64(2 + pick(8)))))
        default: return .received(EcastMessage.parse(["junk", "{}", "{\"opcode\":\"object\"}"][pick(3)]))
        }
    }

    /// What one random run reached, so the suite can check that the fuzzer
    /// exercises the interesting paths rather than passing vacuously.
    struct Reached {
        var finishedReason: DisconnectReason?
        var joins = 0
        var started = false
        var crashes = 0
    }

    @Test(arguments: 1...60 as ClosedRange<UInt64>)
    func randomSequencesKeepTheInvariants(seed: UInt64) throws {
        _ = try Self.run(seed: seed)
    }

    @Test func theFuzzerReachesEveryEnding() throws {
        var reasons = Set<DisconnectReason>()
        var joins = 0
        var starts = 0
        var crashes = 0
        for seed in UInt64(1)...200 {
            let reached = try Self.run(seed: seed)
            if let reason = reached.finishedReason { reasons.insert(reason) }
            joins += reached.joins
            starts += reached.started ? 1 : 0
            crashes += reached.crashes
        }
        #expect(reasons == Set(DisconnectReason.allCases))
        #expect(joins > 100)
        #expect(starts >= 10)
        #expect(crashes > 100)
    }

    static func run(seed: UInt64) throws -> Reached {
        var random = SplitMix64(seed: seed)
        // Every fourth run has no retries at all, so giving up is reachable.
        var machine = makeMachine(delays: seed % 4 == 0 ? [] : [1, 2, 3])
        var reached = Reached()
        var announced: [String] = []
        var finished = false
        var started = 0
        var ended = 0
        var disconnected = 0
        for step in 0..<400 {
            if !finished, random.next() % 25 == 0 {
                // A crash: only the stored state survives.
                machine = try #require(RoomMonitorMachine(json: try JSONValue.parse(machine.toJSON().jsonString),
                                                          configuration: machine.configuration))
                reached.crashes += 1
            }
            let input = randomInput(&random)
            let effects = machine.handle(input)
            let context = Comment(rawValue: "seed \(seed) step \(step) input \(input)")
            if finished {
                #expect(effects.isEmpty, context)
                continue
            }
            if let index = effects.firstIndex(where: { if case .finished = $0 { true } else { false } }) {
                #expect(index == effects.count - 1, context)
                #expect(effects.count >= 2 && effects[index - 1].summary == "emit room.disconnected", context)
                if case .finished(let reason) = effects[index] { reached.finishedReason = reason }
                finished = true
            }
            if let index = effects.firstIndex(of: .persist) {
                #expect(index == effects.count - 1, context)
            }
            for event in effects.events {
                switch event.type {
                case "room.connected":
                    #expect(announced.isEmpty, context)
                    announced += event.data["players"]?.arrayValue?.compactMap(\.stringValue) ?? []
                case "lobby.player-joined":
                    announced.append(event.data["playerName"]?.stringValue ?? "?")
                    #expect(event.data["playerCount"]?.intValue == Int64(announced.count), context)
                    reached.joins += 1
                case "game.started":
                    started += 1
                case "game.ended":
                    ended += 1
                    #expect(started == 1, context)
                case "room.disconnected":
                    disconnected += 1
                default:
                    break
                }
            }
            #expect(Set(announced).count == announced.count, context)
            #expect(announced.count == machine.state.roster.count, context)
            #expect(started <= 1 && ended <= 1 && disconnected <= 1, context)
        }
        #expect(finished == machine.isFinished)
        reached.started = started == 1
        return reached
    }
}
