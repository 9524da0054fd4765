import Contracts
import JSON
import TestSupport
import Testing
@testable import vote_service

@Suite struct LiveVoteRequestTests {
    static let missing = "Missing required fields: username, vote, timestamp"
    static let badVote = "vote must be either \"up\" or \"down\""
    static let badTimestamp = "Invalid timestamp format. Use ISO 8601 format (e.g., 2025-11-01T20:30:00Z)"

    static func reject(_ body: JSONObject) -> APIError? {
        expectAPIError { _ = try LiveVoteRequest.parse(body) }
    }

    @Test(arguments: [
        JSONObject(),
        ["vote": "up", "timestamp": "2026-03-15T20:30:00Z"],
        ["username": "viewer1", "timestamp": "2026-03-15T20:30:00Z"],
        ["username": "viewer1", "vote": "up"],
        ["username": nil, "vote": "up", "timestamp": "2026-03-15T20:30:00Z"],
        ["username": 42, "vote": "up", "timestamp": "2026-03-15T20:30:00Z"],
        ["username": "viewer1", "vote": true, "timestamp": "2026-03-15T20:30:00Z"],
        ["username": "viewer1", "vote": 1, "timestamp": "2026-03-15T20:30:00Z"],
        ["username": "viewer1", "vote": "up", "timestamp": 1_773_606_600_000],
        ["username": "viewer1", "vote": "up", "timestamp": ["2026-03-15T20:30:00Z"]],
        ["username": "", "vote": "up", "timestamp": "2026-03-15T20:30:00Z"],
        // Missing fields are reported before a bad vote or timestamp.
        ["vote": "sideways", "timestamp": "yesterday"],
        ["username": "viewer1", "vote": "sideways"],
    ] as [JSONObject])
    func missingOrNonStringFields(body: JSONObject) {
        let error = Self.reject(body)
        #expect(error?.status == 400)
        #expect(error?.body == ["error": .string(Self.missing)])
    }

    @Test(arguments: ["sideways", "UP", "Down", "upvote", "+1", " up"])
    func badVoteIsCheckedBeforeTheTimestamp(vote: String) {
        for timestamp in ["2026-03-15T20:30:00Z", "not a time"] {
            let error = Self.reject(["username": "viewer1", "vote": .string(vote), "timestamp": .string(timestamp)])
            #expect(error?.status == 400)
            #expect(error?.body == ["error": .string(Self.badVote)])
        }
    }

    @Test(arguments: [
        "yesterday", "2026-03-15", "2026/03/15T20:30:00Z", "2026-03-15T20:30:00", "2026-13-01T20:30:00Z",
        "2026-02-29T20:30:00Z", "2026-03-32T20:30:00Z", "2026-03-15T24:00:00Z", "2026-03-15T20:60:00Z",
        "2026-03-15T20:30:60Z", "2026-03-15T20:30:00.Z", "2026-03-15T20:30:00+1:00", "2026-03-15T20:30:00+24:00",
        "2026-03-15T20:30:00Z trailing", "1773606600000",
    ])
    func badTimestamp(timestamp: String) {
        let error = Self.reject(["username": "viewer1", "vote": "down", "timestamp": .string(timestamp)])
        #expect(error?.status == 400)
        #expect(error?.body == ["error": .string(Self.badTimestamp)])
    }

    /// Expected Unix ms computed with Python's datetime, independently of
    /// `Timestamp`: 2026-03-15T20:30:00Z is 1773606600000.
    @Test(arguments: [
        ("2026-03-15T20:30:00Z", 1_773_606_600_000 as Int64, "2026-03-15T20:30:00.000Z"),
        ("2026-03-15T20:30:00.000Z", 1_773_606_600_000, "2026-03-15T20:30:00.000Z"),
        ("2026-03-15T20:30:00.5Z", 1_773_606_600_500, "2026-03-15T20:30:00.500Z"),
        ("2026-03-15T20:30:00.123456Z", 1_773_606_600_123, "2026-03-15T20:30:00.123Z"),
        ("2026-03-15T21:30:00+01:00", 1_773_606_600_000, "2026-03-15T20:30:00.000Z"),
        ("2026-03-15T15:30:00-05:00", 1_773_606_600_000, "2026-03-15T20:30:00.000Z"),
        ("2026-03-16T01:00:00+04:30", 1_773_606_600_000, "2026-03-15T20:30:00.000Z"),
        ("2026-03-15T20:30:00+0000", 1_773_606_600_000, "2026-03-15T20:30:00.000Z"),
        ("2026-03-15T21:30:00.250+01:00", 1_773_606_600_250, "2026-03-15T20:30:00.250Z"),
        ("2026-03-15T00:30:00+01:00", 1_773_531_000_000, "2026-03-14T23:30:00.000Z"),
        ("2026-03-01T00:30:00+01:00", 1_772_321_400_000, "2026-02-28T23:30:00.000Z"),
        ("2024-02-29T12:00:00Z", 1_709_208_000_000, "2024-02-29T12:00:00.000Z"),
    ] as [(String, Int64, String)])
    func acceptedTimestamps(timestamp: String, milliseconds: Int64, normalized: String) throws {
        let request = try LiveVoteRequest.parse(["username": "viewer1", "vote": "up", "timestamp": .string(timestamp)])
        #expect(request.milliseconds == milliseconds)
        #expect(request.timestamp == timestamp)
        #expect(request.normalizedTimestamp == normalized)
    }

    @Test func acceptedVotes() throws {
        let up = try LiveVoteRequest.parse(["username": "viewer1", "vote": "up", "timestamp": "2026-03-15T20:30:00Z",
                                            "extra": 1])
        #expect(up == LiveVoteRequest(username: "viewer1", vote: .up, timestamp: "2026-03-15T20:30:00Z",
                                      milliseconds: 1_773_606_600_000))
        let down = try LiveVoteRequest.parse(["username": "Zoë", "vote": "down", "timestamp": "2026-03-15T20:30:00Z"])
        #expect(down.vote == .down)
        #expect(down.username == "Zoë")
    }
}
