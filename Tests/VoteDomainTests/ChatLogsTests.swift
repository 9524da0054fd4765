import Contracts
import JSON
import Storage
import TestSupport
import Testing
@testable import vote_service

@Suite struct ChatLogsTests {
    /// Game 41 from 19:00, game 42 from 19:30 (2026-03-15, UTC).
    static let timeline = VoteTimeline(games: [
        game(20, gameID: 41, title: "Drawful", minutes: 0),
        game(21, gameID: 42, title: "Quiplash 3", minutes: 30),
    ])

    static func plan(_ entries: [(String, String, String)]) throws -> ChatImportPlan {
        try ChatImportPlan(entries: entries.map { username, message, timestamp in
            ["username": .string(username), "message": .string(message), "timestamp": .string(timestamp)]
        }, timeline: timeline)
    }

    static func store(_ fixture: VoteFixture, _ plan: ChatImportPlan, session: Int64 = 5,
                      key: String = "import-a") throws -> ChatLogs.ImportResult {
        try fixture.write { db, now, milliseconds in
            try ChatLogs.store(db, plan, sessionID: session, importKey: key, now: now, nowMilliseconds: milliseconds)
        }
    }

    /// 3 up + 1 down for game 41, 1 up + 2 down for game 42, and messages
    /// that count nothing.
    static let log: [(String, String, String)] = [
        ("early", "thisgame++", "2026-03-15T18:55:00Z"),
        ("a", "thisgame++", "2026-03-15T19:01:00Z"),
        ("b", "THISGAME++ yes", "2026-03-15T19:02:00Z"),
        ("c", "hello", "2026-03-15T19:03:00Z"),
        ("d", "thisgame--", "2026-03-15T19:04:00Z"),
        ("a", "thisgame++", "2026-03-15T19:05:00Z"),
        ("a", "thisgame--", "2026-03-15T19:31:00Z"),
        ("b", "meh thisgame--", "2026-03-15T19:32:00Z"),
        ("c", "thisgame++", "2026-03-15T19:33:00Z"),
        ("lost", "thisgame++", "sometime"),
    ]

    @Test func storeCountsOneTallyPerGameAndStoresEveryMessage() throws {
        let fixture = try VoteFixture()
        let result = try Self.store(fixture, try Self.plan(Self.log), key: "k1")
        #expect(result.imported == 10)
        #expect(result.duplicates == 0)
        #expect(result.matches.map(\.username) == ["a", "b", "d", "a", "a", "b", "c"])
        #expect(result.tallies == [
            TallyOutbox.Tally(key: "chat-k1-41", sessionID: 5, gameID: 41, up: 3, down: 1, vote: nil),
            TallyOutbox.Tally(key: "chat-k1-42", sessionID: 5, gameID: 42, up: 1, down: 2, vote: nil),
        ])
        #expect(try TallyOutbox.pending(fixture.db) == result.tallies)

        let rows = try fixture.db.query("SELECT * FROM chat_logs ORDER BY id")
        #expect(rows.count == 10)
        #expect(rows.map { $0.int("session_id") } == Array(repeating: 5, count: 10))
        #expect(rows.map { $0.int("vote") } == [1, 1, 1, nil, -1, 1, -1, -1, 1, 1])
        #expect(rows.map { $0.int("game_id") } == [nil, 41, 41, nil, 41, 41, 42, 42, 42, nil])
        #expect(rows[1].string("timestamp") == "2026-03-15T19:01:00.000Z")
        #expect(rows[1].int("timestamp_ms") == nineteenHundred + oneMinute)
        #expect(rows[9].string("timestamp") == "sometime")
        #expect(rows[9].int("timestamp_ms") == nil)
        // hashlib.sha256(b'a:thisgame++:2026-03-15T19:01:00Z').hexdigest() — the timestamp as sent.
        #expect(rows[1].blob("message_hash")
                == ChatVote.dedupDigest(username: "a", message: "thisgame++", timestamp: "2026-03-15T19:01:00Z"))
        #expect(rows[0].string("created_at") == "2026-03-15T19:00:00.001Z")
    }

    @Test func duplicatesWithinOneImportAreStoredAndCountedOnce() throws {
        let fixture = try VoteFixture()
        let result = try Self.store(fixture, try Self.plan([
            ("a", "thisgame++", "2026-03-15T19:01:00Z"),
            ("a", "thisgame++", "2026-03-15T19:01:00Z"),
            ("a", "thisgame++", "2026-03-15T19:01:00.000Z"),  // written differently: another message
            ("b", "hi", "2026-03-15T19:01:00Z"),
            ("b", "hi", "2026-03-15T19:01:00Z"),
        ]), key: "k")
        #expect(result.imported == 3)
        #expect(result.duplicates == 2)
        #expect(result.tallies == [TallyOutbox.Tally(key: "chat-k-41", sessionID: 5, gameID: 41, up: 2, down: 0, vote: nil)])
        #expect(try fixture.count("chat_logs") == 3)
    }

    @Test func importingTheSameLogAgainStoresAndCountsNothing() throws {
        let fixture = try VoteFixture()
        let plan = try Self.plan(Self.log)
        _ = try Self.store(fixture, plan, key: "first")
        let again = try Self.store(fixture, plan, key: "second")
        #expect(again.imported == 0)
        #expect(again.duplicates == Self.log.count)
        #expect(again.matches.isEmpty)
        #expect(again.tallies.isEmpty)
        #expect(try fixture.count("chat_logs") == Int64(Self.log.count))
        #expect(try TallyOutbox.pending(fixture.db).map(\.key) == ["chat-first-41", "chat-first-42"])

        // A log overlapping the first: only the new messages count, under this import's keys.
        let overlap = try Self.store(fixture, try Self.plan([
            ("a", "thisgame++", "2026-03-15T19:01:00Z"),
            ("z", "thisgame--", "2026-03-15T19:06:00Z"),
        ]), key: "third")
        #expect(overlap.imported == 1)
        #expect(overlap.duplicates == 1)
        #expect(overlap.tallies == [TallyOutbox.Tally(key: "chat-third-41", sessionID: 5, gameID: 41, up: 0, down: 1,
                                                      vote: nil)])
        let keys = try TallyOutbox.pending(fixture.db).map(\.key)
        #expect(Set(keys).count == keys.count)
        #expect(Set(keys) == ["chat-first-41", "chat-first-42", "chat-third-41"])
    }

    @Test func aLogWithoutCountedVotesHasNoTallies() throws {
        let fixture = try VoteFixture()
        let result = try Self.store(fixture, try Self.plan([
            ("early", "thisgame++", "2026-03-15T18:00:00Z"), ("x", "gg", "2026-03-15T19:10:00Z"),
            ("y", "thisgame--", "never"),
        ]))
        #expect(result.imported == 3)
        #expect(result.tallies.isEmpty)
        #expect(try TallyOutbox.count(fixture.db) == 0)
    }

    @Test func aPurgedSessionStoresNothing() throws {
        let fixture = try VoteFixture()
        try fixture.write { db, now, _ in try ChatLogs.purge(db, sessionID: 5, now: now) }
        let error = expectAPIError { _ = try Self.store(fixture, try Self.plan(Self.log)) }
        #expect(error?.status == 404)
        #expect(error?.body == ["error": "Session not found"])
        #expect(try fixture.count("chat_logs") == 0)
        #expect(try TallyOutbox.count(fixture.db) == 0)
        // Another session is unaffected.
        #expect(try Self.store(fixture, try Self.plan(Self.log), session: 6).imported == Self.log.count)
    }

    @Test func purgeRemovesOnlyThatSessionAndIsIdempotent() throws {
        let fixture = try VoteFixture()
        _ = try Self.store(fixture, try Self.plan(Array(Self.log[0..<4])), session: 5, key: "five")
        _ = try Self.store(fixture, try Self.plan(Array(Self.log[4...])), session: 6, key: "six")
        let voteGame = game(1, gameID: 41, minutes: 0)
        for (index, session) in [5, 5, 6].enumerated() {
            let request = LiveVoteRequest(username: "u\(index)", vote: .up, timestamp: "",
                                          milliseconds: nineteenHundred + Int64(index))
            try fixture.write { db, now, ms in
                try LiveVotes.record(db, request, sessionID: Int64(session), game: voteGame, now: now, nowMilliseconds: ms)
            }
        }
        let first = try fixture.write { db, now, _ in try ChatLogs.purge(db, sessionID: 5, now: now) }
        #expect(first == ["sessionId": 5, "chatLogsDeleted": 4, "liveVotesDeleted": 2])
        #expect(try fixture.count("chat_logs", where: "session_id = 5") == 0)
        #expect(try fixture.count("live_votes", where: "session_id = 5") == 0)
        #expect(try fixture.count("chat_logs", where: "session_id = 6") == 6)
        #expect(try fixture.count("live_votes", where: "session_id = 6") == 1)
        let second = try fixture.write { db, now, _ in try ChatLogs.purge(db, sessionID: 5, now: now) }
        #expect(second == ["sessionId": 5, "chatLogsDeleted": 0, "liveVotesDeleted": 0])
        #expect(try fixture.count("deleted_sessions") == 1)
        #expect(try fixture.db.query("SELECT deleted_at FROM deleted_sessions").first?.string("deleted_at")
                == "2026-03-15T19:00:00.006Z")  // the first purge's time, kept
        #expect(try ChatLogs.entries(fixture.db, sessionID: 5).isEmpty)
    }

    @Test func entriesAreInChatOrderWithUnparsableTimestampsLast() throws {
        let fixture = try VoteFixture()
        _ = try Self.store(fixture, try Self.plan([
            ("late", "thisgame--", "2026-03-15T19:40:00Z"),
            ("lost1", "hmm", "yesterday"),
            ("early", "hello", "2026-03-15T18:00:00Z"),
            ("offset", "thisgame++", "2026-03-15T20:10:00+01:00"),  // 19:10Z
        ]), key: "one")
        _ = try Self.store(fixture, try Self.plan([
            ("lost2", "thisgame++", "?"),
            ("same", "tie", "2026-03-15T19:10:00Z"),  // same moment as "offset", imported later
        ]), key: "two")
        _ = try Self.store(fixture, try Self.plan([("elsewhere", "hi", "2026-03-15T19:00:00Z")]), session: 6)
        let entries = try ChatLogs.entries(fixture.db, sessionID: 5)
        #expect(entries == [
            ChatLogs.Entry(username: "early", message: "hello", timestamp: "2026-03-15T18:00:00.000Z", vote: nil),
            ChatLogs.Entry(username: "offset", message: "thisgame++", timestamp: "2026-03-15T19:10:00.000Z", vote: .up),
            ChatLogs.Entry(username: "same", message: "tie", timestamp: "2026-03-15T19:10:00.000Z", vote: nil),
            ChatLogs.Entry(username: "late", message: "thisgame--", timestamp: "2026-03-15T19:40:00.000Z", vote: .down),
            ChatLogs.Entry(username: "lost1", message: "hmm", timestamp: "yesterday", vote: nil),
            ChatLogs.Entry(username: "lost2", message: "thisgame++", timestamp: "?", vote: .up),
        ])
    }
}
