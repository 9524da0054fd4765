import Contracts
import JSON
import Storage
import TestSupport
import Testing
@testable import vote_service

@Suite struct LiveVotesTests {
    static let quiplash = game(14, gameID: 42, title: "Quiplash 3", pack: "The Jackbox Party Pack 7", minutes: 0)
    static let drawful = game(15, gameID: 43, title: "Drawful 2", pack: "Drawful 2", minutes: 30)
    static let duplicateMessage = "Duplicate vote: this user already voted within 1 second"

    /// A vote `offset` ms after 2026-03-15T20:30:00Z.
    static func request(_ username: String, _ vote: ChatVote, offset: Int64 = 0) -> LiveVoteRequest {
        let milliseconds = 1_773_606_600_000 + offset
        return LiveVoteRequest(username: username, vote: vote, timestamp: "sent \(milliseconds)", milliseconds: milliseconds)
    }

    @discardableResult
    static func record(_ fixture: VoteFixture, _ request: LiveVoteRequest, session: Int64 = 5,
                       game: VoteTimeline.Game = quiplash) throws -> TallyOutbox.Tally {
        try fixture.write { db, now, milliseconds in
            try LiveVotes.record(db, request, sessionID: session, game: game, now: now, nowMilliseconds: milliseconds)
        }
    }

    @Test func recordWritesTheVoteAndOneTallyInTheOutbox() throws {
        let fixture = try VoteFixture()
        let request = try LiveVoteRequest.parse(["username": "viewer1", "vote": "down",
                                                 "timestamp": "2026-03-15T21:30:00.250+01:00"])
        let tally = try Self.record(fixture, request)
        let rows = try fixture.db.query("SELECT * FROM live_votes")
        #expect(rows.count == 1)
        let row = try #require(rows.first)
        let id = try #require(row.int("id"))
        #expect(row.int("session_id") == 5)
        #expect(row.int("session_game_id") == 14)
        #expect(row.int("game_id") == 42)
        #expect(row.string("game_title") == "Quiplash 3")
        #expect(row.string("pack_name") == "The Jackbox Party Pack 7")
        #expect(row.string("username") == "viewer1")
        #expect(row.int("vote_type") == -1)
        #expect(row.string("timestamp") == "2026-03-15T20:30:00.250Z")
        #expect(row.int("timestamp_ms") == 1_773_606_600_250)
        // The fixture's first write happens at 19:00:00.001Z.
        #expect(row.string("created_at") == "2026-03-15T19:00:00.001Z")

        #expect(tally == TallyOutbox.Tally(
            key: "live-\(id)", sessionID: 5, gameID: 42, up: 0, down: 1,
            vote: ["username": "viewer1", "type": "down", "timestamp": "2026-03-15T20:30:00.250Z"]))
        #expect(try TallyOutbox.pending(fixture.db) == [tally])
        let outbox = try #require(try fixture.db.query("SELECT * FROM tally_outbox").first)
        #expect(outbox.int("created_at_ms") == nineteenHundred + 1)

        let up = try Self.record(fixture, Self.request("viewer2", .up))
        #expect(up.up == 1 && up.down == 0)
        #expect(up.key != tally.key)
        #expect(try TallyOutbox.count(fixture.db) == 2)
    }

    @Test(arguments: [0, 1, 500, 999, -1, -999] as [Int64])
    func sameUserWithinOneSecondEitherSideIsADuplicate(offset: Int64) throws {
        let fixture = try VoteFixture()
        try Self.record(fixture, Self.request("viewer1", .up))
        let error = expectAPIError { try Self.record(fixture, Self.request("viewer1", .down, offset: offset)) }
        #expect(error?.status == 409)
        #expect(error?.body == ["error": .string(Self.duplicateMessage)])
        // Nothing of the refused vote was stored.
        #expect(try fixture.count("live_votes") == 1)
        #expect(try TallyOutbox.count(fixture.db) == 1)
    }

    @Test(arguments: [1000, -1000, 1001, 60_000, -3_600_000] as [Int64])
    func sameUserOneSecondOrMoreApartIsAllowed(offset: Int64) throws {
        let fixture = try VoteFixture()
        try Self.record(fixture, Self.request("viewer1", .up))
        try Self.record(fixture, Self.request("viewer1", .up, offset: offset))
        #expect(try fixture.count("live_votes") == 2)
        #expect(try TallyOutbox.count(fixture.db) == 2)
    }

    @Test func anotherUserAtTheSameMomentIsFine() throws {
        let fixture = try VoteFixture()
        try Self.record(fixture, Self.request("viewer1", .up))
        try Self.record(fixture, Self.request("viewer2", .up))
        try Self.record(fixture, Self.request("Viewer1", .down))
        #expect(try fixture.count("live_votes") == 3)
        // Same vote time: the later row is listed first.
        let listed = try Self.listed(fixture, [])
        #expect(listed["votes"]?.arrayValue?.map { $0["username"]?.stringValue ?? "" } == ["Viewer1", "viewer2", "viewer1"])
    }

    // MARK: list

    /// Ten votes: (username, vote, session, game, offset in seconds).
    static let seeded: [(String, ChatVote, Int64, VoteTimeline.Game, Int64)] = [
        ("alice", .up, 5, quiplash, 0),
        ("bob", .down, 5, quiplash, 1),
        ("carol", .up, 5, drawful, 2),
        ("alice", .up, 5, drawful, 3),
        ("bob", .up, 6, quiplash, 4),
        ("dave", .down, 6, drawful, 5),
        ("alice", .down, 6, drawful, 6),
        ("carol", .up, 5, quiplash, 7),
        ("erin", .down, 5, drawful, 8),
        ("alice", .up, 5, quiplash, 9),
    ]

    /// Records `seeded` in a shuffled order (listing is by vote time, not
    /// insertion order); returns each vote's row id by its index in `seeded`.
    static func seed(_ fixture: VoteFixture) throws -> [Int64] {
        var ids = Array(repeating: Int64(0), count: seeded.count)
        for index in [3, 0, 9, 1, 7, 5, 2, 8, 4, 6] {
            let (user, vote, session, game, seconds) = seeded[index]
            let tally = try record(fixture, request(user, vote, offset: seconds * 1000), session: session, game: game)
            ids[index] = Int64(tally.key.dropFirst("live-".count))!
        }
        return ids
    }

    static func listed(_ fixture: VoteFixture, _ query: [(String, String)]) throws -> JSONValue {
        try LiveVotes.list(fixture.db, try listQuery(query))
    }

    @Test func listIsNewestFirstWithTheDocumentedShape() throws {
        let fixture = try VoteFixture()
        let ids = try Self.seed(fixture)
        let result = try Self.listed(fixture, [])
        let votes = try #require(result["votes"]?.arrayValue)
        #expect(votes.map { $0["id"]?.intValue } == (0..<10).reversed().map { ids[$0] })
        #expect(votes.first?.objectValue?.keys == ["id", "session_id", "game_id", "game_title", "pack_name", "username",
                                                   "vote_type", "timestamp", "created_at"])
        let newest = try #require(votes.first)
        #expect(newest["session_id"] == 5)
        #expect(newest["game_id"] == 42)
        #expect(newest["game_title"] == "Quiplash 3")
        #expect(newest["pack_name"] == "The Jackbox Party Pack 7")
        #expect(newest["username"] == "alice")
        #expect(newest["vote_type"] == "up")
        #expect(newest["timestamp"] == "2026-03-15T20:30:09.000Z")
        #expect(votes.map { $0["vote_type"]?.stringValue ?? "?" }
                == Self.seeded.reversed().map { $0.1.rawValue })
        #expect(result["pagination"] == ["page": 1, "limit": 50, "total": 10, "total_pages": 1])
    }

    @Test(arguments: [
        [("session_id", "5")], [("session_id", "6")], [("session_id", "7")], [("game_id", "43")],
        [("username", "alice")], [("username", "ALICE")], [("vote_type", "down")], [("vote_type", "up")],
        [("session_id", "5"), ("game_id", "42"), ("vote_type", "up")], [("username", "alice"), ("session_id", "6")],
    ] as [[(String, String)]])
    func listFilters(query: [(String, String)]) throws {
        let fixture = try VoteFixture()
        let ids = try Self.seed(fixture)
        var expected: [Int64] = []
        for (index, vote) in Self.seeded.enumerated().reversed() {
            let keep = query.allSatisfy { name, value in
                switch name {
                case "session_id": return String(vote.2) == value
                case "game_id": return String(vote.3.gameID) == value
                case "username": return vote.0 == value
                case "vote_type": return vote.1.rawValue == value
                default: return false
                }
            }
            if keep { expected.append(ids[index]) }
        }
        let result = try Self.listed(fixture, query)
        #expect(result["votes"]?.arrayValue?.map { $0["id"]?.intValue ?? 0 } == expected)
        #expect(result["pagination"]?["total"]?.intValue == Int64(expected.count))
        #expect(result["pagination"]?["total_pages"]?.intValue == (expected.isEmpty ? 0 : 1))
    }

    @Test func listPaginates() throws {
        let fixture = try VoteFixture()
        let ids = try Self.seed(fixture)
        let newestFirst = (0..<10).reversed().map { ids[$0] }
        for (page, slice) in [(1, 0..<3), (2, 3..<6), (3, 6..<9), (4, 9..<10), (5, 10..<10)] {
            let result = try Self.listed(fixture, [("limit", "3"), ("page", "\(page)")])
            #expect(result["votes"]?.arrayValue?.map { $0["id"]?.intValue ?? 0 } == Array(newestFirst[slice]))
            #expect(result["pagination"] == ["page": .int(Int64(page)), "limit": 3, "total": 10, "total_pages": 4])
        }
        let exact = try Self.listed(fixture, [("limit", "5")])
        #expect(exact["pagination"]?["total_pages"] == 2)
        let one = try Self.listed(fixture, [("limit", "1"), ("session_id", "6")])
        #expect(one["pagination"] == ["page": 1, "limit": 1, "total": 3, "total_pages": 3])
    }

    @Test func listLimitDefaultsTo50AndIsCappedAt100() throws {
        #expect(try listQuery([]).limit == 50)
        #expect(try listQuery([]).page == 1)
        #expect(try listQuery([("limit", "100")]).limit == 100)
        #expect(try listQuery([("limit", "101")]).limit == 100)
        #expect(try listQuery([("limit", "5000")]).limit == 100)
        let fixture = try VoteFixture()
        for second in 0..<120 {
            try Self.record(fixture, Self.request("viewer\(second % 7)", .up, offset: Int64(second) * 1000))
        }
        let capped = try Self.listed(fixture, [("limit", "250")])
        #expect(capped["votes"]?.arrayValue?.count == 100)
        #expect(capped["pagination"] == ["page": 1, "limit": 100, "total": 120, "total_pages": 2])
        let byDefault = try Self.listed(fixture, [("page", "3")])
        #expect(byDefault["votes"]?.arrayValue?.count == 20)
        #expect(byDefault["pagination"] == ["page": 3, "limit": 50, "total": 120, "total_pages": 3])
    }

    @Test(arguments: [
        ("session_id", "abc"), ("session_id", "0"), ("session_id", "-5"), ("session_id", "1.5"), ("game_id", "x"),
        ("game_id", "0"), ("vote_type", "sideways"), ("vote_type", "UP"), ("vote_type", ""), ("page", "0"),
        ("page", "-1"), ("page", "two"), ("limit", "0"), ("limit", "-10"), ("limit", "ten"),
    ] as [(String, String)])
    func anInvalidFilterIsA400NamingIt(name: String, value: String) {
        let error = expectAPIError { _ = try listQuery([(name, value)]) }
        #expect(error?.status == 400)
        #expect(error?.body == ["error": .string("Invalid query parameter: \(name)")])
    }

    // MARK: breakdown

    @Test func breakdownIsPerGameByNetScoreThenVotesThenGameID() throws {
        let fixture = try VoteFixture()
        let games = [
            game(1, gameID: 10, title: "Ten", pack: "P1", minutes: 0),   // +1 -1   net 0, 2 votes
            game(2, gameID: 11, title: "Eleven", pack: "P2", minutes: 1), // +3 -1  net 2, 4 votes
            game(3, gameID: 12, title: "Twelve", pack: "P3", minutes: 2), // -2      net -2
            game(4, gameID: 13, title: "Thirteen", pack: "P4", minutes: 3), // none: net 0, 0 votes → absent
            game(5, gameID: 9, title: "Nine", pack: "P0", minutes: 4),    // +2       net 2, 2 votes
            game(6, gameID: 8, title: "Eight", pack: "P8", minutes: 5),   //          net 0, 2 votes
        ]
        let plan: [(Int, ChatVote)] = [
            (0, .up), (0, .down), (1, .up), (1, .up), (1, .up), (1, .down), (2, .down), (2, .down), (4, .up), (4, .up),
            (5, .down), (5, .up),
        ]
        for (index, (gameIndex, vote)) in plan.enumerated() {
            try Self.record(fixture, Self.request("v\(index)", vote), game: games[gameIndex])
        }
        // Another session's votes do not count.
        try Self.record(fixture, Self.request("other", .down, offset: 10_000), session: 6, game: games[1])
        let result = try LiveVotes.breakdown(fixture.db, sessionID: 5)
        #expect(result["session_id"] == 5)
        let votes = try #require(result["votes"]?.arrayValue)
        #expect(votes.map { $0["game_id"]?.intValue ?? 0 } == [11, 9, 8, 10, 12])
        #expect(votes.first == ["game_id": 11, "title": "Eleven", "pack_name": "P2", "upvotes": 3, "downvotes": 1,
                                "net_score": 2, "total_votes": 4])
        #expect(votes.last == ["game_id": 12, "title": "Twelve", "pack_name": "P3", "upvotes": 0, "downvotes": 2,
                               "net_score": -2, "total_votes": 2])
        #expect(try LiveVotes.breakdown(fixture.db, sessionID: 99) == ["session_id": 99, "votes": []])
    }
}
