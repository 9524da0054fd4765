import Contracts
import JSON
import RPC
import Storage
import TestSupport
import Testing
@testable import session_service

/// The player-check routes (start, stop, status-live's database side) and
/// monitor-service's reports, with three monitor instances (session games
/// 1 and 2 are owned by instance 2, 3 by 3).
@Suite struct PlayerCheckDomainTests {
    let monitors = MonitorCommands(instances: 3)

    /// A session with one playing game (`Drawful 2`, 8 players max), with
    /// `roomCode` when given (so its monitor runs on instance 2).
    struct Setup {
        let fixture: DomainFixture
        let session: Int64
        let sessionGame: Int64
    }

    func setup(roomCode: String? = "ABCD") throws -> Setup {
        let fixture = try DomainFixture()
        let game = try fixture.addGame(title: "Drawful 2", pack: "Jackbox Party Pack 8", min: 3, max: 8)
        let session = try fixture.createSession()
        let sg = try fixture.addMonitoredGame(session, game: game, roomCode: roomCode, monitors: monitors)
        return Setup(fixture: fixture, session: session, sessionGame: sg)
    }

    func monitorUpdate(_ fixture: DomainFixture, _ params: JSONObject) throws -> JSONValue {
        try fixture.write { db, _ in try PlayerCheckDomain.monitorUpdate(db, params: params) }.body
    }

    // MARK: start

    /// A closed session's games are not watched: nothing would stop them.
    @Test func startRefusesAGameOfAClosedSession() throws {
        let s = try setup()
        try s.fixture.write { db, now in
            try SessionsDomain.close(db, id: s.session, body: [:], now: now, monitors: monitors)
        }
        let mark = try monitorOutboxMark(s.fixture.db)
        let error = expectAPIError {
            try s.fixture.write { db, now in
                try PlayerCheckDomain.start(db, sessionID: s.session, sessionGameID: s.sessionGame, now: now,
                                            monitors: monitors)
            }
        }
        #expect(error == APIError.badRequest("Cannot monitor a game of a closed session"))
        #expect(try monitorOutboxRows(s.fixture.db, after: mark).isEmpty)
    }

    @Test func startAnswersNotFoundForAnotherSessionOrUnknownIDs() throws {
        let s = try setup()
        let other = s.session + 1
        for (session, sg) in [(other, s.sessionGame), (s.session, s.sessionGame + 1), (s.session, 0), (0, s.sessionGame)] {
            let error = expectAPIError {
                try s.fixture.write { db, now in
                    try PlayerCheckDomain.start(db, sessionID: session, sessionGameID: sg, now: now, monitors: monitors)
                }
            }
            #expect(error?.status == 404)
            #expect(error?.body == ["error": "Session game not found"])
        }
        #expect(try monitorOutboxRows(s.fixture.db).count == 1)  // the add's start only
    }

    @Test func startRejectsAGameWithoutARoomCode() throws {
        let s = try setup(roomCode: nil)
        let error = expectAPIError {
            try s.fixture.write { db, now in
                try PlayerCheckDomain.start(db, sessionID: s.session, sessionGameID: s.sessionGame, now: now,
                                            monitors: monitors)
            }
        }
        #expect(error?.status == 400)
        #expect(error?.body == ["error": "Game does not have a room code"])
        #expect(try monitorOutboxRows(s.fixture.db).isEmpty)
        #expect(try monitorGameColumns(s.fixture.db, s.sessionGame)?.check == "not_started")
        #expect(try monitorGameColumns(s.fixture.db, s.sessionGame)?.instance == nil)
    }

    @Test func startWatchesTheRoomOfTheGamesCode() throws {
        let s = try setup()
        // Stop the add's monitor first so the start is visible on its own.
        try s.fixture.write { db, now in
            try PlayerCheckDomain.stop(db, sessionID: s.session, sessionGameID: s.sessionGame, now: now, monitors: monitors)
        }
        let mark = try monitorOutboxMark(s.fixture.db)
        let outcome = try s.fixture.write { db, now in
            try PlayerCheckDomain.start(db, sessionID: s.session, sessionGameID: s.sessionGame, now: now, monitors: monitors)
        }
        #expect(outcome.body == ["message": "Room monitor started", "status": "monitoring"])
        #expect(outcome.outboxRows == 1)
        let rows = try monitorOutboxRows(s.fixture.db, after: mark)
        #expect(rows.count == 1, "\(rows)")
        #expect(rows.first?.matches("monitor-service:2", "monitors.start",
                                    ["sessionId": .int(s.session), "sessionGameId": .int(s.sessionGame),
                                     "roomCode": "ABCD"]) == true, "\(rows)")
        #expect(try monitorGameColumns(s.fixture.db, s.sessionGame)?.check == "monitoring")
    }

    @Test func startOnAGameWithACodeAddedLaterUsesThatCode() throws {
        let s = try setup(roomCode: nil)
        try s.fixture.db.run("UPDATE session_games SET room_code = 'ZZ99' WHERE id = ?", [.integer(s.sessionGame)])
        try s.fixture.write { db, now in
            try PlayerCheckDomain.start(db, sessionID: s.session, sessionGameID: s.sessionGame, now: now, monitors: monitors)
        }
        let rows = try monitorOutboxRows(s.fixture.db)
        #expect(rows.count == 1)
        #expect(rows.first?.params["roomCode"] == "ZZ99")
        #expect(try monitorGameColumns(s.fixture.db, s.sessionGame)?.instance == 2)
    }

    // MARK: stop

    @Test func stopAnswersNotFoundForAnotherSessionOrUnknownIDs() throws {
        let s = try setup()
        for (session, sg) in [(s.session + 1, s.sessionGame), (s.session, s.sessionGame + 1), (s.session, 0)] {
            let error = expectAPIError {
                try s.fixture.write { db, now in
                    try PlayerCheckDomain.stop(db, sessionID: session, sessionGameID: sg, now: now, monitors: monitors)
                }
            }
            #expect(error?.status == 404)
            #expect(error?.body == ["error": "Session game not found"])
        }
        #expect(try monitorGameColumns(s.fixture.db, s.sessionGame)?.check == "monitoring")
        #expect(try monitorOutboxRows(s.fixture.db).count == 1)
    }

    @Test func stopEndsARunningMonitor() throws {
        let s = try setup()
        let mark = try monitorOutboxMark(s.fixture.db)
        let outcome = try s.fixture.write { db, now in
            try PlayerCheckDomain.stop(db, sessionID: s.session, sessionGameID: s.sessionGame, now: now, monitors: monitors)
        }
        #expect(outcome.body == ["message": "Room monitor and player count check stopped", "status": "stopped"])
        #expect(outcome.outboxRows == 1)
        let rows = try monitorOutboxRows(s.fixture.db, after: mark)
        #expect(rows.count == 1, "\(rows)")
        #expect(rows.first?.matches("monitor-service:2", "monitors.stop",
                                    ["sessionGameId": .int(s.sessionGame), "reason": "manual"]) == true, "\(rows)")
        #expect(try monitorGameColumns(s.fixture.db, s.sessionGame)?.check == "stopped")

        // Stopping again: same answer, no call.
        let again = try s.fixture.write { db, now in
            try PlayerCheckDomain.stop(db, sessionID: s.session, sessionGameID: s.sessionGame, now: now, monitors: monitors)
        }
        #expect(again.body == ["message": "Room monitor and player count check stopped", "status": "stopped"])
        #expect(again.outboxRows == 0)
        #expect(try monitorOutboxRows(s.fixture.db, after: mark).count == 1)
    }

    @Test func stopWithoutAMonitorOwesNothing() throws {
        let s = try setup(roomCode: nil)
        let outcome = try s.fixture.write { db, now in
            try PlayerCheckDomain.stop(db, sessionID: s.session, sessionGameID: s.sessionGame, now: now, monitors: monitors)
        }
        #expect(outcome.body == ["message": "Room monitor and player count check stopped", "status": "stopped"])
        #expect(outcome.outboxRows == 0)
        #expect(try monitorOutboxRows(s.fixture.db).isEmpty)
        #expect(try monitorGameColumns(s.fixture.db, s.sessionGame)?.check == "not_started")
    }

    @Test func stopKeepsACompletedCheck() throws {
        let s = try setup()
        let applied = try monitorUpdate(s.fixture, ["sessionGameId": .int(s.sessionGame), "roomCode": "ABCD",
                                                    "checkStatus": "completed", "playerCount": 5, "status": "played"])
        #expect(applied == ["applied": true])
        let mark = try monitorOutboxMark(s.fixture.db)
        let outcome = try s.fixture.write { db, now in
            try PlayerCheckDomain.stop(db, sessionID: s.session, sessionGameID: s.sessionGame, now: now, monitors: monitors)
        }
        #expect(outcome.body == ["message": "Room monitor and player count check stopped", "status": "stopped"])
        #expect(outcome.outboxRows == 0)
        #expect(try monitorOutboxRows(s.fixture.db, after: mark).isEmpty)
        #expect(try monitorGameColumns(s.fixture.db, s.sessionGame)?.check == "completed")
        #expect(try monitorGameColumns(s.fixture.db, s.sessionGame)?.playerCount == 5)
    }

    /// A count typed by hand while the monitor runs completes the check,
    /// so the monitor still watching the room is stopped then (reason
    /// `manual`) — otherwise nothing would ever stop it: every later stop
    /// (remove, close, next game) looks for a `monitoring` check.
    @Test func aCountSetByHandStopsTheRunningMonitor() throws {
        let s = try setup()
        let mark = try monitorOutboxMark(s.fixture.db)
        try s.fixture.write { db, now in
            try SessionGamesDomain.setPlayerCount(db, sessionID: s.session, sessionGameID: s.sessionGame,
                                                  body: ["player_count": 6], now: now, monitors: monitors)
        }
        #expect(try monitorGameColumns(s.fixture.db, s.sessionGame)?.check == "completed")
        let rows = try monitorOutboxRows(s.fixture.db, after: mark)
        #expect(rows.count == 1, "the running monitor is not stopped by a count set by hand: \(rows)")
        #expect(rows.first?.matches("monitor-service:2", "monitors.stop",
                                    ["sessionGameId": .int(s.sessionGame), "reason": "manual"]) == true)
        // Nothing runs any more: removing the game owes no second stop.
        let afterCount = try monitorOutboxMark(s.fixture.db)
        try s.fixture.write { db, now in
            try SessionGamesDomain.remove(db, sessionID: s.session, sessionGameID: s.sessionGame, now: now,
                                          monitors: monitors)
        }
        #expect(try monitorOutboxRows(s.fixture.db, after: afterCount).isEmpty)
    }

    // MARK: statusSource

    static let fallbackKeys = ["sessionId", "gameId", "roomCode", "appTag", "maxPlayers", "playerCount", "players",
                               "lobbyState", "gameState", "gameStarted", "gameFinished", "monitoring", "title",
                               "packName", "status"]

    @Test func statusSourceWhileMonitoring() throws {
        let s = try setup()
        let source = try PlayerCheckDomain.statusSource(s.fixture.db, sessionID: s.session, sessionGameID: s.sessionGame)
        #expect(source.fallback.keys == Self.fallbackKeys)
        let expected: JSONObject = [
            "sessionId": .int(s.session), "gameId": .int(s.sessionGame), "roomCode": "ABCD", "appTag": nil,
            "maxPlayers": 8, "playerCount": nil, "players": [], "lobbyState": nil, "gameState": nil,
            "gameStarted": false, "gameFinished": false, "monitoring": false, "title": "Drawful 2",
            "packName": "Jackbox Party Pack 8", "status": "monitoring",
        ]
        #expect(source.fallback == expected, "\(JSONValue.object(source.fallback).jsonString)")
        #expect(source.liveInstance == 2)
    }

    @Test func statusSourceAfterAStopHasNoLiveInstance() throws {
        let s = try setup()
        try s.fixture.write { db, now in
            try PlayerCheckDomain.stop(db, sessionID: s.session, sessionGameID: s.sessionGame, now: now, monitors: monitors)
        }
        let source = try PlayerCheckDomain.statusSource(s.fixture.db, sessionID: s.session, sessionGameID: s.sessionGame)
        #expect(source.fallback.keys == Self.fallbackKeys)
        #expect(source.fallback["status"] == "stopped")
        #expect(source.fallback["gameFinished"] == false)
        #expect(source.liveInstance == nil)
    }

    @Test func statusSourceAfterTheMonitorCompleted() throws {
        let s = try setup()
        _ = try monitorUpdate(s.fixture, ["sessionGameId": .int(s.sessionGame), "roomCode": "ABCD",
                                          "checkStatus": "completed", "playerCount": 4, "status": "played"])
        let source = try PlayerCheckDomain.statusSource(s.fixture.db, sessionID: s.session, sessionGameID: s.sessionGame)
        let expected: JSONObject = [
            "sessionId": .int(s.session), "gameId": .int(s.sessionGame), "roomCode": "ABCD", "appTag": nil,
            "maxPlayers": 8, "playerCount": 4, "players": [], "lobbyState": nil, "gameState": nil,
            "gameStarted": false, "gameFinished": true, "monitoring": false, "title": "Drawful 2",
            "packName": "Jackbox Party Pack 8", "status": "completed",
        ]
        #expect(source.fallback == expected, "\(JSONValue.object(source.fallback).jsonString)")
        #expect(source.liveInstance == nil)
    }

    @Test func statusSourceWithoutACode() throws {
        let s = try setup(roomCode: nil)
        let source = try PlayerCheckDomain.statusSource(s.fixture.db, sessionID: s.session, sessionGameID: s.sessionGame)
        #expect(source.fallback.keys == Self.fallbackKeys)
        #expect(source.fallback["roomCode"] == .null)
        #expect(source.fallback["playerCount"] == .null)
        #expect(source.fallback["status"] == "not_started")
        #expect(source.fallback["gameFinished"] == false)
        #expect(source.liveInstance == nil)
    }

    @Test func statusSourceCountsAZeroRecordedByHand() throws {
        let s = try setup(roomCode: nil)
        try s.fixture.write { db, now in
            try SessionGamesDomain.setPlayerCount(db, sessionID: s.session, sessionGameID: s.sessionGame,
                                                  body: ["player_count": 0], now: now, monitors: .single)
        }
        let source = try PlayerCheckDomain.statusSource(s.fixture.db, sessionID: s.session, sessionGameID: s.sessionGame)
        #expect(source.fallback["playerCount"] == 0)
        #expect(source.fallback["status"] == "completed")
    }

    @Test(arguments: [("played", true), ("skipped", false), ("playing", false)])
    func statusSourceGameFinishedOnlyWhenPlayed(status: String, finished: Bool) throws {
        let s = try setup(roomCode: nil)
        let fixture = s.fixture
        // A second game so that `playing` can be set back on the first.
        if status == "playing" {
            let game = try fixture.addGame(title: "Other")
            try fixture.addMonitoredGame(s.session, game: game, monitors: monitors)
        }
        try fixture.write { db, now in
            try SessionGamesDomain.setStatus(db, sessionID: s.session, sessionGameID: s.sessionGame,
                                             body: ["status": .string(status)], now: now, monitors: monitors)
        }
        let source = try PlayerCheckDomain.statusSource(fixture.db, sessionID: s.session, sessionGameID: s.sessionGame)
        #expect(source.fallback["gameFinished"] == .bool(finished))
    }

    @Test func statusSourceAnswersNotFound() throws {
        let s = try setup()
        for (session, sg) in [(s.session + 1, s.sessionGame), (s.session, s.sessionGame + 1)] {
            let error = expectAPIError {
                _ = try PlayerCheckDomain.statusSource(s.fixture.db, sessionID: session, sessionGameID: sg)
            }
            #expect(error?.status == 404)
            #expect(error?.message == "Session game not found")
        }
    }

    @Test func statusSourceLiveInstanceIsTheRecordedOwner() throws {
        let s = try setup()
        // Recorded 2; a different owner recorded by an earlier, larger fleet stays the one to ask.
        try s.fixture.db.run("UPDATE session_games SET monitor_instance = 3 WHERE id = ?", [.integer(s.sessionGame)])
        let source = try PlayerCheckDomain.statusSource(s.fixture.db, sessionID: s.session, sessionGameID: s.sessionGame)
        #expect(source.liveInstance == 3)
    }

    // MARK: monitorUpdate

    @Test func monitorUpdateAppliesAFinalReport() throws {
        let s = try setup()
        let body = try monitorUpdate(s.fixture, ["sessionGameId": .int(s.sessionGame), "roomCode": "ABCD",
                                                 "checkStatus": "completed", "playerCount": 6, "status": "played"])
        #expect(body == ["applied": true])
        #expect(try monitorGameColumns(s.fixture.db, s.sessionGame)
                == MonitorGameColumns(status: "played", roomCode: "ABCD", check: "completed", instance: 2, playerCount: 6))
        // The check is no longer monitoring: a repeat changes nothing.
        let again = try monitorUpdate(s.fixture, ["sessionGameId": .int(s.sessionGame), "roomCode": "ABCD",
                                                  "checkStatus": "failed", "playerCount": 2])
        #expect(again == ["applied": false])
        #expect(try monitorGameColumns(s.fixture.db, s.sessionGame)?.check == "completed")
        #expect(try monitorGameColumns(s.fixture.db, s.sessionGame)?.playerCount == 6)
    }

    @Test func monitorUpdateAppliesARunningCount() throws {
        let s = try setup()
        let body = try monitorUpdate(s.fixture, ["sessionGameId": .int(s.sessionGame), "roomCode": "ABCD",
                                                 "checkStatus": "monitoring", "playerCount": 3])
        #expect(body == ["applied": true])
        #expect(try monitorGameColumns(s.fixture.db, s.sessionGame)
                == MonitorGameColumns(status: "playing", roomCode: "ABCD", check: "monitoring", instance: 2, playerCount: 3))
        // Still monitoring: a later report applies too.
        let later = try monitorUpdate(s.fixture, ["sessionGameId": .int(s.sessionGame), "roomCode": "ABCD",
                                                  "checkStatus": "monitoring", "playerCount": 5])
        #expect(later == ["applied": true])
        #expect(try monitorGameColumns(s.fixture.db, s.sessionGame)?.playerCount == 5)
    }

    @Test func monitorUpdateFailedWithoutCountKeepsTheCountAndStatus() throws {
        let s = try setup()
        _ = try monitorUpdate(s.fixture, ["sessionGameId": .int(s.sessionGame), "roomCode": "ABCD",
                                          "checkStatus": "monitoring", "playerCount": 4])
        let body = try monitorUpdate(s.fixture, ["sessionGameId": .int(s.sessionGame), "roomCode": "ABCD",
                                                 "checkStatus": "failed"])
        #expect(body == ["applied": true])
        #expect(try monitorGameColumns(s.fixture.db, s.sessionGame)
                == MonitorGameColumns(status: "playing", roomCode: "ABCD", check: "failed", instance: 2, playerCount: 4))
    }

    @Test func monitorUpdateSetsOnlyPlayedAsStatus() throws {
        let s = try setup()
        let body = try monitorUpdate(s.fixture, ["sessionGameId": .int(s.sessionGame), "roomCode": "ABCD",
                                                 "checkStatus": "monitoring", "status": "skipped"])
        #expect(body == ["applied": true])
        #expect(try monitorGameColumns(s.fixture.db, s.sessionGame)?.status == "playing")
    }

    @Test func monitorUpdateForAnotherRoomCodeChangesNothing() throws {
        let s = try setup()
        let body = try monitorUpdate(s.fixture, ["sessionGameId": .int(s.sessionGame), "roomCode": "WXYZ",
                                                 "checkStatus": "completed", "playerCount": 6, "status": "played"])
        #expect(body == ["applied": false])
        #expect(try monitorGameColumns(s.fixture.db, s.sessionGame)
                == MonitorGameColumns(status: "playing", roomCode: "ABCD", check: "monitoring", instance: 2, playerCount: nil))
    }

    @Test func aLateReportAfterAStopChangesNothing() throws {
        let s = try setup()
        try s.fixture.write { db, now in
            try PlayerCheckDomain.stop(db, sessionID: s.session, sessionGameID: s.sessionGame, now: now, monitors: monitors)
        }
        let body = try monitorUpdate(s.fixture, ["sessionGameId": .int(s.sessionGame), "roomCode": "ABCD",
                                                 "checkStatus": "completed", "playerCount": 6, "status": "played"])
        #expect(body == ["applied": false])
        #expect(try monitorGameColumns(s.fixture.db, s.sessionGame)
                == MonitorGameColumns(status: "playing", roomCode: "ABCD", check: "stopped", instance: 2, playerCount: nil))
    }

    @Test func aLateReportForTheOldRoomCodeChangesNothing() throws {
        let s = try setup()
        try s.fixture.write { db, now in
            try SessionGamesDomain.setRoomCode(db, sessionID: s.session, sessionGameID: s.sessionGame,
                                               body: ["room_code": "WXYZ"], now: now, monitors: monitors)
        }
        #expect(try monitorGameColumns(s.fixture.db, s.sessionGame)?.check == "monitoring")
        let old = try monitorUpdate(s.fixture, ["sessionGameId": .int(s.sessionGame), "roomCode": "ABCD",
                                                "checkStatus": "completed", "playerCount": 6, "status": "played"])
        #expect(old == ["applied": false])
        #expect(try monitorGameColumns(s.fixture.db, s.sessionGame)
                == MonitorGameColumns(status: "playing", roomCode: "WXYZ", check: "monitoring", instance: 2, playerCount: nil))
        let new = try monitorUpdate(s.fixture, ["sessionGameId": .int(s.sessionGame), "roomCode": "WXYZ",
                                                "checkStatus": "completed", "playerCount": 7, "status": "played"])
        #expect(new == ["applied": true])
        #expect(try monitorGameColumns(s.fixture.db, s.sessionGame)
                == MonitorGameColumns(status: "played", roomCode: "WXYZ", check: "completed", instance: 2, playerCount: 7))
    }

    @Test func aReportAfterTheGameWasRemovedChangesNothing() throws {
        let s = try setup()
        try s.fixture.write { db, now in
            try SessionGamesDomain.remove(db, sessionID: s.session, sessionGameID: s.sessionGame, now: now,
                                          monitors: monitors)
        }
        let body = try monitorUpdate(s.fixture, ["sessionGameId": .int(s.sessionGame), "roomCode": "ABCD",
                                                 "checkStatus": "completed", "playerCount": 6])
        #expect(body == ["applied": false])
        let unknown = try monitorUpdate(s.fixture, ["sessionGameId": 999, "roomCode": "ABCD", "checkStatus": "failed"])
        #expect(unknown == ["applied": false])
    }

    @Test func aReportAfterTheSessionClosedChangesNothing() throws {
        let s = try setup()
        try s.fixture.write { db, now in
            try SessionsDomain.close(db, id: s.session, body: [:], now: now, monitors: monitors)
        }
        let body = try monitorUpdate(s.fixture, ["sessionGameId": .int(s.sessionGame), "roomCode": "ABCD",
                                                 "checkStatus": "completed", "playerCount": 6])
        #expect(body == ["applied": false])
        #expect(try monitorGameColumns(s.fixture.db, s.sessionGame)?.check == "stopped")
        #expect(try monitorGameColumns(s.fixture.db, s.sessionGame)?.playerCount == nil)
    }

    @Test(arguments: [
        JSONObject(),
        ["roomCode": "ABCD", "checkStatus": "completed"],
        ["sessionGameId": 1, "checkStatus": "completed"],
        ["sessionGameId": 1, "roomCode": "ABCD"],
        ["sessionGameId": 1, "roomCode": "ABCD", "checkStatus": "bogus"],
        ["sessionGameId": 1, "roomCode": "ABCD", "checkStatus": "not_started"],
        ["sessionGameId": "1", "roomCode": "ABCD", "checkStatus": "completed"],
        ["sessionGameId": 1, "roomCode": 1234, "checkStatus": "completed"],
        ["sessionGameId": 1, "roomCode": "ABCD", "checkStatus": nil],
    ] as [JSONObject])
    func monitorUpdateRejectsInvalidParams(params: JSONObject) throws {
        let s = try setup()
        #expect(s.sessionGame == 1)
        do {
            _ = try monitorUpdate(s.fixture, params)
            Issue.record("expected invalid params for \(JSONValue.object(params).jsonString)")
        } catch let error as RPCError {
            #expect(error.code == RPCErrorCode.invalidParams)
        }
        #expect(try monitorGameColumns(s.fixture.db, s.sessionGame)
                == MonitorGameColumns(status: "playing", roomCode: "ABCD", check: "monitoring", instance: 2, playerCount: nil))
    }
}
