import Contracts
import JSON
import Storage
import TestSupport
import Testing
@testable import session_service

@Suite struct VoteTalliesTests {
    static func tally(_ key: String, game: Int64, up: Int64 = 0, down: Int64 = 0, session: Int64 = 1,
                      vote: JSONObject? = nil) -> VoteTallies.Tally {
        VoteTallies.Tally(key: key, sessionID: session, gameID: game, up: up, down: down, vote: vote)
    }

    @discardableResult
    static func apply(_ fixture: DomainFixture, _ tallies: [VoteTallies.Tally]) throws -> SessionsDomain.Outcome {
        try fixture.write { db, now in try VoteTallies.apply(db, tallies: tallies, now: now) }
    }

    static func counters(_ fixture: DomainFixture, _ game: Int64) throws -> (up: Int64, down: Int64, score: Int64) {
        let row = try GamesCatalogue.get(fixture.db, id: game)
        return (row["upvotes"]?.intValue ?? -999, row["downvotes"]?.intValue ?? -999,
                row["popularity_score"]?.intValue ?? -999)
    }

    // MARK: parse

    @Test func parseReadsEachTally() throws {
        let vote: JSONObject = ["username": "viewer1", "type": "up", "timestamp": "2026-03-15T20:30:00.000Z"]
        let tallies = try VoteTallies.parse(["tallies": [
            ["key": "chat-x-42", "session_id": 5, "game_id": 42, "up": 3, "down": 1],
            ["key": "live-7", "session_id": 5, "game_id": 43, "up": 1, "down": 0, "vote": .object(vote)],
        ]])
        #expect(tallies == [Self.tally("chat-x-42", game: 42, up: 3, down: 1, session: 5),
                            Self.tally("live-7", game: 43, up: 1, session: 5, vote: vote)])
        #expect(try VoteTallies.parse(["tallies": []]).isEmpty)
    }

    @Test(arguments: [
        JSONObject(),
        ["tallies": nil],
        ["tallies": ["key": "k", "session_id": 1, "game_id": 1, "up": 1, "down": 0]],
        ["tallies": "[]"],
        ["tallies": [["session_id": 1, "game_id": 1, "up": 1, "down": 0]]],
        ["tallies": [["key": "", "session_id": 1, "game_id": 1, "up": 1, "down": 0]]],
        ["tallies": [["key": 7, "session_id": 1, "game_id": 1, "up": 1, "down": 0]]],
        ["tallies": [["key": "k", "game_id": 1, "up": 1, "down": 0]]],
        ["tallies": [["key": "k", "session_id": "1", "game_id": 1, "up": 1, "down": 0]]],
        ["tallies": [["key": "k", "session_id": 1, "up": 1, "down": 0]]],
        ["tallies": [["key": "k", "session_id": 1, "game_id": "1", "up": 1, "down": 0]]],
        ["tallies": [["key": "k", "session_id": 1, "game_id": 1, "down": 0]]],
        ["tallies": [["key": "k", "session_id": 1, "game_id": 1, "up": 1]]],
        ["tallies": [["key": "k", "session_id": 1, "game_id": 1, "up": -1, "down": 0]]],
        ["tallies": [["key": "k", "session_id": 1, "game_id": 1, "up": 0, "down": -3]]],
        ["tallies": [["key": "k", "session_id": 1, "game_id": 1, "up": 1.5, "down": 0]]],
        ["tallies": [["key": "k", "session_id": 1, "game_id": 1, "up": "1", "down": 0]]],
        ["tallies": ["not an object"]],
        // One bad tally refuses the whole call.
        ["tallies": [["key": "ok", "session_id": 1, "game_id": 1, "up": 1, "down": 0], ["key": "bad"]]],
    ] as [JSONObject])
    func parseRejectsMalformedTallies(params: JSONObject) {
        #expect(throws: (any Error).self) { _ = try VoteTallies.parse(params) }
    }

    // MARK: apply

    @Test func applyingATallyChangesTheCountersAndScore() throws {
        let fixture = try DomainFixture()
        let game = try fixture.addGame()
        let other = try fixture.addGame(title: "Drawful 2", pack: "Drawful 2")
        let outcome = try Self.apply(fixture, [Self.tally("chat-a-\(game)", game: game, up: 3, down: 1)])
        #expect(try Self.counters(fixture, game) == (3, 1, 2))
        #expect(try Self.counters(fixture, other) == (0, 0, 0))
        #expect(outcome.body == ["games": [["key": .string("chat-a-\(game)"), "id": .int(game), "title": "Quiplash 3",
                                            "pack_name": "The Jackbox Party Pack 7", "upvotes": 3, "downvotes": 1,
                                            "popularity_score": 2]]])
        #expect(outcome.events.isEmpty)  // an import's tally announces nothing

        try Self.apply(fixture, [Self.tally("chat-b-\(game)", game: game, up: 0, down: 4),
                                 Self.tally("chat-b-\(other)", game: other, up: 2, down: 0)])
        #expect(try Self.counters(fixture, game) == (3, 5, -2))
        #expect(try Self.counters(fixture, other) == (2, 0, 2))
        #expect(try fixture.db.query("SELECT COUNT(*) AS n FROM applied_vote_tallies").first?.int("n") == 3)
    }

    @Test func applyingTheSameKeyAgainChangesNothingAndEmitsNothing() throws {
        let fixture = try DomainFixture()
        let game = try fixture.addGame()
        let vote: JSONObject = ["username": "viewer1", "type": "up", "timestamp": "2026-03-15T20:30:00.000Z"]
        let live = Self.tally("live-1", game: game, up: 1, vote: vote)
        let first = try Self.apply(fixture, [live])
        #expect(first.events.count == 1)
        for _ in 0..<3 {
            let again = try Self.apply(fixture, [live])
            #expect(again.events.isEmpty)
            #expect(try Self.counters(fixture, game) == (1, 0, 1))
            // The reply still reports the game's (unchanged) totals.
            #expect(again.body["games"]?[0]?["upvotes"] == 1)
            #expect(again.body["games"]?[0]?["key"] == "live-1")
        }
        // The same key twice in one call counts once and announces once.
        let twice = try Self.apply(fixture, [Self.tally("live-2", game: game, down: 1, vote: vote),
                                             Self.tally("live-2", game: game, down: 1, vote: vote)])
        #expect(twice.events.count == 1)
        #expect(twice.body["games"]?.arrayValue?.count == 2)
        #expect(try Self.counters(fixture, game) == (1, 1, 0))
    }

    @Test func aLiveTallyEmitsExactlyOneVoteReceivedWithTheDocumentedShape() throws {
        let fixture = try DomainFixture()
        let game = try fixture.addGame()
        try Self.apply(fixture, [Self.tally("chat-earlier", game: game, up: 4, down: 1)])
        let vote: JSONObject = ["username": "viewer1", "type": "down", "timestamp": "2026-03-15T20:30:00.000Z"]
        let outcome = try Self.apply(fixture, [Self.tally("live-9", game: game, down: 1, session: 5, vote: vote)])
        #expect(outcome.events.count == 1)
        let event = try #require(outcome.events.first)
        #expect(event.type == "vote.received")
        let expected: JSONObject = [
            "sessionId": 5,
            "game": ["id": .int(game), "title": "Quiplash 3", "pack_name": "The Jackbox Party Pack 7"],
            "vote": ["username": "viewer1", "type": "down", "timestamp": "2026-03-15T20:30:00.000Z"],
            "totals": ["upvotes": 4, "downvotes": 2, "popularity_score": 2],
        ]
        #expect(event.data == expected)
    }

    @Test func importTalliesAndTalliesForUnknownGamesEmitNoEvent() throws {
        let fixture = try DomainFixture()
        let game = try fixture.addGame()
        let outcome = try Self.apply(fixture, [Self.tally("chat-1", game: game, up: 2),
                                               Self.tally("chat-2", game: game, down: 2)])
        #expect(outcome.events.isEmpty)
        #expect(try Self.counters(fixture, game) == (2, 2, 0))
        let vote: JSONObject = ["username": "viewer1", "type": "up", "timestamp": "2026-03-15T20:30:00.000Z"]
        let unknown = try Self.apply(fixture, [Self.tally("live-404", game: 9_999, up: 1, vote: vote)])
        #expect(unknown.events.isEmpty)
        #expect(unknown.body == ["games": [["key": "live-404"]]])
    }

    /// Random batches drawn from a pool of keys (each key always carries the
    /// same tally, as vote-service resends it): the counters end equal to
    /// the sum over distinct keys, popularity_score = upvotes - downvotes
    /// after every batch, and each live key is announced once.
    @Test func randomResendsCountEachKeyOnce() throws {
        let fixture = try DomainFixture()
        let games = [try fixture.addGame(title: "A"), try fixture.addGame(title: "B"), try fixture.addGame(title: "C")]
        var random = SplitMix64(seed: 20_260_315)
        let pool: [VoteTallies.Tally] = (0..<40).map { index in
            let live = index % 3 == 0
            let up = live ? Int64.random(in: 0...1, using: &random) : Int64.random(in: 0...6, using: &random)
            let vote: JSONObject? = live
                ? ["username": .string("u\(index)"), "type": up == 1 ? "up" : "down", "timestamp": "2026-03-15T20:30:00.000Z"]
                : nil
            return Self.tally(live ? "live-\(index)" : "chat-\(index)", game: games[index % games.count],
                              up: up, down: live ? 1 - up : Int64.random(in: 0...6, using: &random), vote: vote)
        }
        var applied = Set<String>()
        var announced: [String] = []
        for _ in 0..<150 {
            let batch = (0..<Int.random(in: 1...6, using: &random)).map { _ in pool.randomElement(using: &random)! }
            let outcome = try Self.apply(fixture, batch)
            var expectedEvents = 0
            for tally in batch where !applied.contains(tally.key) {
                applied.insert(tally.key)
                if tally.vote != nil { expectedEvents += 1 }
            }
            #expect(outcome.events.count == expectedEvents)
            announced += outcome.events.compactMap { $0.data["vote"]?["username"]?.stringValue }
            for game in games {
                let (up, down, score) = try Self.counters(fixture, game)
                #expect(score == up - down)
            }
        }
        #expect(applied.count > 30)  // most of the pool was drawn, many keys more than once
        for game in games {
            let distinct = pool.filter { $0.gameID == game && applied.contains($0.key) }
            let up = distinct.reduce(0) { $0 + $1.up }, down = distinct.reduce(0) { $0 + $1.down }
            #expect(try Self.counters(fixture, game) == (up, down, up - down))
        }
        #expect(announced.count == Set(announced).count)
        #expect(Set(announced) == Set(pool.filter { $0.vote != nil && applied.contains($0.key) }
                                          .compactMap { $0.vote?["username"]?.stringValue }))
    }
}
