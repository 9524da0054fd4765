import Contracts
import JSON
import Storage
import Testing
@testable import vote_service

@Suite struct TallyOutboxTests {
    static func tally(_ key: String, game: Int64 = 42, up: Int64 = 1, down: Int64 = 0,
                      vote: JSONObject? = nil) -> TallyOutbox.Tally {
        TallyOutbox.Tally(key: key, sessionID: 5, gameID: game, up: up, down: down, vote: vote)
    }

    @Test func pendingIsOldestFirstThenByKeyAndHonoursTheCutoff() throws {
        let fixture = try VoteFixture()
        let live = Self.tally("live-7", up: 0, down: 1,
                              vote: ["username": "viewer1", "type": "down", "timestamp": "2026-03-15T20:30:00.000Z"])
        let inserts: [(TallyOutbox.Tally, Int64)] = [
            (Self.tally("chat-b-42"), 3_000), (live, 1_000), (Self.tally("chat-a-43", game: 43, up: 4, down: 2), 3_000),
            (Self.tally("chat-z-1", game: 1), 2_000), (Self.tally("late"), 9_000),
        ]
        try fixture.db.transaction {
            for (tally, at) in inserts { try TallyOutbox.insert(fixture.db, tally, nowMilliseconds: at) }
        }
        #expect(try TallyOutbox.count(fixture.db) == 5)
        let all = try TallyOutbox.pending(fixture.db)
        #expect(all.map(\.key) == ["live-7", "chat-z-1", "chat-a-43", "chat-b-42", "late"])
        // Round trip of every field, the live vote object included.
        #expect(all[0] == live)
        #expect(all[2] == Self.tally("chat-a-43", game: 43, up: 4, down: 2))
        #expect(try TallyOutbox.pending(fixture.db, createdBefore: 2_999).map(\.key) == ["live-7", "chat-z-1"])
        #expect(try TallyOutbox.pending(fixture.db, createdBefore: 3_000).map(\.key)
                == ["live-7", "chat-z-1", "chat-a-43", "chat-b-42"])
        #expect(try TallyOutbox.pending(fixture.db, createdBefore: 999).isEmpty)
        #expect(try TallyOutbox.pending(fixture.db, limit: 2).map(\.key) == ["live-7", "chat-z-1"])

        try TallyOutbox.remove(fixture.db, keys: ["chat-z-1", "late", "not-there"])
        #expect(try TallyOutbox.pending(fixture.db).map(\.key) == ["live-7", "chat-a-43", "chat-b-42"])
        #expect(try TallyOutbox.count(fixture.db) == 3)
        try TallyOutbox.remove(fixture.db, keys: [])
        #expect(try TallyOutbox.count(fixture.db) == 3)
    }

    @Test func aKeyIsInsertedOnlyOnce() throws {
        let fixture = try VoteFixture()
        try TallyOutbox.insert(fixture.db, Self.tally("k"), nowMilliseconds: 1)
        #expect(throws: (any Error).self) { try TallyOutbox.insert(fixture.db, Self.tally("k"), nowMilliseconds: 2) }
        #expect(try TallyOutbox.count(fixture.db) == 1)
    }

    @Test func theWireFormIsWhatSessionServiceParses() {
        #expect(Self.tally("chat-x-42", up: 3, down: 1).json
                == ["key": "chat-x-42", "session_id": 5, "game_id": 42, "up": 3, "down": 1])
        let vote: JSONObject = ["username": "viewer1", "type": "up", "timestamp": "2026-03-15T20:30:00.000Z"]
        #expect(Self.tally("live-1", vote: vote).json
                == ["key": "live-1", "session_id": 5, "game_id": 42, "up": 1, "down": 0, "vote": .object(vote)])
    }
}
