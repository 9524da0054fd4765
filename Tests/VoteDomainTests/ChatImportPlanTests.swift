import Contracts
import Crypto
import JSON
import TestSupport
import Testing
@testable import vote_service

@Suite struct ChatImportPlanTests {
    /// Games at 19:00 (game 41), 19:30 (game 42).
    let timeline = VoteTimeline(games: [
        game(20, gameID: 41, title: "Drawful", minutes: 0),
        game(21, gameID: 42, title: "Quiplash 3", minutes: 30),
    ])

    static func entry(_ username: String, _ message: String, _ timestamp: String) -> JSONValue {
        ["username": .string(username), "message": .string(message), "timestamp": .string(timestamp)]
    }

    @Test(arguments: [
        JSONObject(), ["chatData": nil], ["chatData": "[]"], ["chatData": ["username": "a"]], ["chatData": 3],
        ["chat_data": []],
    ] as [JSONObject])
    func chatDataMustBeAnArray(body: JSONObject) {
        let error = expectAPIError { _ = try ChatImportPlan.entries(in: body) }
        #expect(error?.status == 400)
        #expect(error?.body == ["error": "chatData must be an array"])
    }

    @Test func chatDataArrayIsReturnedAsIs() throws {
        let entries: [JSONValue] = [Self.entry("a", "b", "c"), 5]
        #expect(try ChatImportPlan.entries(in: ["chatData": .array(entries)]) == entries)
        #expect(try ChatImportPlan.entries(in: ["chatData": []]).isEmpty)
    }

    @Test(arguments: [
        (["username": 1, "message": "thisgame++", "timestamp": "2026-03-15T19:10:00Z"] as JSONValue, 1),
        (["username": "a", "message": nil, "timestamp": "2026-03-15T19:10:00Z"], 1),
        (["username": "a", "message": "hi"], 1),
        (["username": "a", "message": "hi", "timestamp": 1_773_601_800_000], 1),
        ("just a string", 1),
        (["username": "a", "message": ["thisgame++"], "timestamp": "2026-03-15T19:10:00Z"], 1),
    ] as [(JSONValue, Int)])
    func anEntryWithANonStringFieldIsRefusedByIndex(bad: JSONValue, index: Int) {
        let entries = [Self.entry("ok", "thisgame++", "2026-03-15T19:10:00Z"), bad,
                       Self.entry("ok2", "thisgame--", "2026-03-15T19:11:00Z")]
        let error = expectAPIError { _ = try ChatImportPlan(entries: entries, timeline: timeline) }
        #expect(error?.status == 400)
        #expect(error?.message.contains("chatData[\(index)]") == true)
    }

    @Test func votesAreMatchedToTheGameBeingPlayed() throws {
        let plan = try ChatImportPlan(entries: [
            Self.entry("early", "thisgame++", "2026-03-15T18:59:59Z"),          // before the first game
            Self.entry("v1", "thisgame++", "2026-03-15T19:00:00Z"),             // first game, at its start
            Self.entry("v2", "lol THISGAME-- lol", "2026-03-15T19:29:59.999Z"), // first game, last ms
            Self.entry("v3", "thisgame++", "2026-03-15T20:29:59+01:00"),         // = 19:29:59Z, first game
            Self.entry("v4", "thisgame--", "2026-03-15T19:30:00Z"),             // boundary: second game
            Self.entry("chatter", "gg", "2026-03-15T19:45:00Z"),                // no vote
            Self.entry("v5", "thisgame++", "2026-03-16T02:00:00Z"),             // open-ended last game
        ], timeline: timeline)
        #expect(plan.messages.map(\.username) == ["early", "v1", "v2", "v3", "v4", "chatter", "v5"])
        #expect(plan.messages.map(\.vote) == [.up, .up, .down, .up, .down, nil, .up])
        #expect(plan.messages.map { $0.game?.gameID } == [nil, 41, 41, 41, 42, nil, 42])
        #expect(plan.messages.map(\.storedTimestamp) == [
            "2026-03-15T18:59:59.000Z", "2026-03-15T19:00:00.000Z", "2026-03-15T19:29:59.999Z",
            "2026-03-15T19:29:59.000Z", "2026-03-15T19:30:00.000Z", "2026-03-15T19:45:00.000Z",
            "2026-03-16T02:00:00.000Z",
        ])
        #expect(plan.messages[1].milliseconds == nineteenHundred)
    }

    @Test func anUnparsableTimestampIsKeptAsSentAndCountsNothing() throws {
        let plan = try ChatImportPlan(entries: [Self.entry("viewer1", "thisgame++", "around 8pm")], timeline: timeline)
        let message = try #require(plan.messages.first)
        #expect(message.timestamp == "around 8pm")
        #expect(message.storedTimestamp == "around 8pm")
        #expect(message.milliseconds == nil)
        #expect(message.vote == .up)
        #expect(message.game == nil)
    }

    /// Found by fuzz/targets/ChatImport.swift: an instant before year 0000
    /// was stored as `00-1-12-31T23:00:00.000Z`; now it counts as unparsable.
    @Test func aTimestampBeforeYearZeroIsKeptAsSent() throws {
        let plan = try ChatImportPlan(entries: [Self.entry("v", "thisgame++", "0000-01-01T00:00:00+01:00")],
                                      timeline: timeline)
        let message = try #require(plan.messages.first)
        #expect(message.storedTimestamp == "0000-01-01T00:00:00+01:00")
        #expect(message.milliseconds == nil)
        #expect(message.game == nil)
    }

    @Test func theHashUsesTheTimestampAsSent() throws {
        let plan = try ChatImportPlan(entries: [
            Self.entry("viewer1", "thisgame++", "2026-03-15T20:30:00Z"),
            Self.entry("viewer1", "thisgame++", "2026-03-15T20:30:00.000Z"),
        ], timeline: timeline)
        // hashlib.sha256(b'viewer1:thisgame++:2026-03-15T20:30:00Z').hexdigest()
        #expect(Hex.encode(plan.messages[0].hash) == "b96bd79e9d4e1f1956f849ed34f2d23383d1d28b1cc352f4dcf3cf1dfde80b6c")
        #expect(plan.messages[0].storedTimestamp == "2026-03-15T20:30:00.000Z")
        // Same instant, written differently: two messages.
        #expect(plan.messages[1].hash != plan.messages[0].hash)
    }

    @Test func anEmptyLogPlansNothing() throws {
        #expect(try ChatImportPlan(entries: [], timeline: timeline).messages.isEmpty)
    }
}
