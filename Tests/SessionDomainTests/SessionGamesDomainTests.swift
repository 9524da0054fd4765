import Contracts
import JSON
import Storage
import TestSupport
import Testing
@testable import session_service

@Suite struct SessionGamesDomainTests {
    @Test func addingAGameFinishesThePreviousOneKeepsSkippedAndCountsAPlay() throws {
        let fixture = try DomainFixture()
        let game = try fixture.addGame()
        let session = try fixture.createSession()
        let first = try fixture.addToSession(session, game: game)
        let second = try fixture.addToSession(session, game: game)
        try fixture.write { db, now in
            try SessionGamesDomain.setStatus(db, sessionID: session, sessionGameID: second, body: ["status": "skipped"], now: now, monitors: .single)
        }
        try fixture.addToSession(session, game: game)
        let rows = try SessionGamesDomain.list(fixture.db, sessionID: session).arrayValue!
        #expect(rows.map { $0["id"]?.intValue } == [first, second, rows[2]["id"]?.intValue])
        #expect(rows.map { $0["status"] } == ["played", "skipped", "playing"])
        #expect(try GamesCatalogue.get(fixture.db, id: game)["play_count"] == 3)
    }

    @Test func addReturnsDocumentedKeysAndAGameAddedEvent() throws {
        let fixture = try DomainFixture()
        let game = try fixture.addGame()
        let session = try fixture.createSession()
        let outcome = try fixture.write { db, now in
            try SessionGamesDomain.add(db, sessionID: session,
                                       body: ["game_id": .int(game), "manually_added": true, "room_code": "AB12"], now: now, monitors: .single)
        }
        #expect(outcome.body.objectValue?.keys == ["id", "session_id", "game_id", "manually_added", "status", "room_code",
                                                   "played_at", "pack_name", "title", "game_type", "min_players",
                                                   "max_players"])
        #expect(outcome.body["manually_added"] == 1)
        let event = try #require(outcome.events.first)
        #expect(event.type == "game.added")
        #expect(event.data["session"] == ["id": .int(session), "is_active": true, "games_played": 1])
        #expect(event.data["game"]?["id"]?.intValue == game)
        #expect(event.data["game"]?["session_game_id"] == outcome.body["id"])
        #expect(event.data["game"]?.objectValue?.keys == ["id", "session_game_id", "title", "pack_name", "min_players",
                                                          "max_players", "manually_added", "room_code"])
    }

    @Test(arguments: [
        (JSONObject(), 400, "game_id is required"),
        (["game_id": nil], 400, "game_id is required"),
        (["game_id": "42"], 400, "game_id must be an integer"),
        (["game_id": 1.5], 400, "game_id must be an integer"),
        (["game_id": 999], 404, "Game not found"),
        (["game_id": 1, "manually_added": "yes"], 400, "manually_added must be a boolean"),
        (["game_id": 1, "room_code": "abcd"], 400, "room_code must be exactly 4 alphanumeric characters (A-Z, 0-9)"),
        (["game_id": 1, "room_code": "ABCDE"], 400, "room_code must be exactly 4 alphanumeric characters (A-Z, 0-9)"),
    ] as [(JSONObject, Int, String)])
    func addValidatesItsBody(body: JSONObject, status: Int, message: String) throws {
        let fixture = try DomainFixture()
        _ = try fixture.addGame()
        let session = try fixture.createSession()
        let error = expectAPIError {
            try fixture.write { db, now in try SessionGamesDomain.add(db, sessionID: session, body: body, now: now, monitors: .single) }
        }
        #expect(error?.status == status)
        #expect(error?.message == message)
    }

    @Test func addToUnknownOrClosedSessionFails() throws {
        let fixture = try DomainFixture()
        let game = try fixture.addGame()
        let missing = expectAPIError {
            try fixture.addToSession(77, game: game)
        }
        #expect(missing?.body == ["error": "Session not found"])
        let session = try fixture.createSession()
        try fixture.write { db, now in try SessionsDomain.close(db, id: session, body: [:], now: now, monitors: .single) }
        let closed = expectAPIError {
            try fixture.addToSession(session, game: game)
        }
        #expect(closed?.body == ["error": "Cannot add games to a closed session"])
    }

    @Test func settingPlayingDemotesTheOtherPlayingGame() throws {
        let fixture = try DomainFixture()
        let game = try fixture.addGame()
        let session = try fixture.createSession()
        let first = try fixture.addToSession(session, game: game)
        try fixture.addToSession(session, game: game)
        let outcome = try fixture.write { db, now in
            try SessionGamesDomain.setStatus(db, sessionID: session, sessionGameID: first, body: ["status": "playing"], now: now, monitors: .single)
        }
        #expect(outcome.body == ["message": "Status updated successfully", "status": "playing"])
        let statuses = try SessionGamesDomain.list(fixture.db, sessionID: session).arrayValue!.map { $0["status"] }
        #expect(statuses == ["playing", "played"])
    }

    @Test func subRoutesRejectASessionGameOfAnotherSession() throws {
        let fixture = try DomainFixture()
        let game = try fixture.addGame()
        let first = try fixture.createSession()
        let sessionGame = try fixture.addToSession(first, game: game)
        try fixture.write { db, now in try SessionsDomain.close(db, id: first, body: [:], now: now, monitors: .single) }
        let other = try fixture.createSession()
        let attempts: [(SQLiteConnection) throws -> SessionsDomain.Outcome] = [
            { try SessionGamesDomain.setStatus($0, sessionID: other, sessionGameID: sessionGame, body: ["status": "played"], now: "2026-03-15T19:00:00.000Z", monitors: .single) },
            { try SessionGamesDomain.remove($0, sessionID: other, sessionGameID: sessionGame, now: "2026-03-15T19:00:00.000Z", monitors: .single) },
            { try SessionGamesDomain.setRoomCode($0, sessionID: other, sessionGameID: sessionGame, body: ["room_code": "ABCD"], now: "2026-03-15T19:00:00.000Z", monitors: .single) },
            { try SessionGamesDomain.setPlayerCount($0, sessionID: other, sessionGameID: sessionGame, body: ["player_count": 3], now: "2026-03-15T19:00:00.000Z", monitors: .single) },
        ]
        for attempt in attempts {
            let error = expectAPIError { try fixture.write { db, _ in try attempt(db) } }
            #expect(error?.body == ["error": "Session game not found"])
        }
    }

    @Test func roomCodeAndPlayerCountRules() throws {
        let fixture = try DomainFixture()
        let game = try fixture.addGame()
        let session = try fixture.createSession()
        let sessionGame = try fixture.addToSession(session, game: game)
        func roomCode(_ body: JSONObject) -> APIError? {
            expectAPIError { try fixture.write { db, now in
                try SessionGamesDomain.setRoomCode(db, sessionID: session, sessionGameID: sessionGame, body: body, now: now, monitors: .single) } }
        }
        #expect(roomCode([:])?.message == "room_code is required")
        #expect(roomCode(["room_code": "AB1"])?.message == SessionGamesDomain.roomCodeError)
        #expect(roomCode(["room_code": 1234])?.message == SessionGamesDomain.roomCodeError)
        let updated = try fixture.write { db, now in
            try SessionGamesDomain.setRoomCode(db, sessionID: session, sessionGameID: sessionGame, body: ["room_code": "XY9Z"], now: now, monitors: .single)
        }
        #expect(updated.body["room_code"] == "XY9Z")

        func playerCount(_ body: JSONObject) -> APIError? {
            expectAPIError { try fixture.write { db, now in
                try SessionGamesDomain.setPlayerCount(db, sessionID: session, sessionGameID: sessionGame, body: body, now: now, monitors: .single) } }
        }
        #expect(playerCount([:])?.message == "player_count is required")
        for bad: JSONValue in [-1, 1.5, "6", true] {
            #expect(playerCount(["player_count": bad])?.message == "player_count must be a positive number")
        }
        let counted = try fixture.write { db, now in
            try SessionGamesDomain.setPlayerCount(db, sessionID: session, sessionGameID: sessionGame, body: ["player_count": 0], now: now, monitors: .single)
        }
        #expect(counted.body == ["message": "Player count updated successfully", "player_count": 0])
        #expect(counted.events.first?.data == ["sessionId": .int(session), "gameId": .int(sessionGame), "playerCount": 0,
                                               "status": "completed"])
        let status = try fixture.db.query("SELECT player_count_check_status FROM session_games WHERE id = ?",
                                          [.integer(sessionGame)])[0].string("player_count_check_status")
        #expect(status == "completed")
    }
}

@Suite struct GamesPlayedCounterTests {
    @Test func gamesPlayedFollowsAddsAndRemovals() throws {
        let fixture = try DomainFixture()
        let game = try fixture.addGame()
        let session = try fixture.createSession()
        var ids: [Int64] = []
        for _ in 0..<3 {
            ids.append(try fixture.addToSession(session, game: game))
        }
        #expect(try SessionsDomain.get(fixture.db, id: session)["games_played"] == 3)
        try fixture.write { db, now in try SessionGamesDomain.remove(db, sessionID: session, sessionGameID: ids[1], now: now, monitors: .single) }
        let counted = try fixture.db.query("SELECT COUNT(*) AS n FROM session_games WHERE session_id = ?",
                                           [.integer(session)])[0].int("n")
        #expect(try SessionsDomain.get(fixture.db, id: session)["games_played"]?.intValue == counted)
        #expect(counted == 2)
    }
}
