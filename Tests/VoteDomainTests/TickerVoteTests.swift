import Contracts
import JSON
import TestSupport
import Testing
@testable import vote_service

@Suite struct TickerVoteTests {
    static let timeline = VoteTimeline(games: [
        .init(sessionGameID: 10, gameID: 1, title: "Quiplash 3", packName: "P7", playedAt: "a", playedAtMilliseconds: 1_000),
        .init(sessionGameID: 11, gameID: 2, title: "Drawful 2", packName: "P3", playedAt: "b", playedAtMilliseconds: 2_000),
        .init(sessionGameID: 12, gameID: 1, title: "Quiplash 3", packName: "P7", playedAt: "c", playedAtMilliseconds: 3_000),
    ])

    static func row(id: Int64, enabled: Int64 = 1) -> JSONValue {
        ["id": .int(id), "pack_name": "P7", "title": "Quiplash 3", "enabled": .int(enabled), "ticker": "QPL3"]
    }

    @Test func theRequestTakesAnOptionalUpperCasedTicker() throws {
        let base: JSONObject = ["username": "u", "vote": "up", "timestamp": "2026-03-15T20:30:00Z"]
        #expect(try LiveVoteRequest.parse(base).ticker == nil)
        var body = base
        body["ticker"] = nil
        #expect(try LiveVoteRequest.parse(body).ticker == nil)
        body["ticker"] = "qpl3"
        #expect(try LiveVoteRequest.parse(body).ticker == "QPL3")
        for bad: JSONValue in ["", 5, ["QPL3"], true] {
            body["ticker"] = bad
            let error = expectAPIError { _ = try LiveVoteRequest.parse(body) }
            #expect(error?.body == ["error": "ticker must be a non-empty string"])
        }
    }

    @Test func unknownOrDisabledGamesAreUnknownTickers() {
        #expect(TickerVote.game(nil, timeline: Self.timeline) == nil)
        #expect(TickerVote.game(.null, timeline: Self.timeline) == nil)
        #expect(TickerVote.game(Self.row(id: 1, enabled: 0), timeline: Self.timeline) == nil)
        #expect(TickerVote.unknownTicker.status == 404)
        #expect(TickerVote.unknownTicker.body == ["error": "Unknown ticker"])
    }

    @Test func theSessionGameIsTheGamesLatestAtTheVoteElseZero() throws {
        let early = try #require(TickerVote.game(Self.row(id: 1), timeline: Self.timeline, at: 2_500))
        #expect(early.sessionGameID == 10)
        #expect(early.gameID == 1)
        #expect(early.title == "Quiplash 3")
        #expect(TickerVote.game(Self.row(id: 1), timeline: Self.timeline, at: 9_000)?.sessionGameID == 12)
        #expect(TickerVote.game(Self.row(id: 1), timeline: Self.timeline, at: 500)?.sessionGameID == 12)
        let absent = try #require(TickerVote.game(Self.row(id: 7), timeline: Self.timeline, at: 2_500))
        #expect(absent.sessionGameID == 0)
        #expect(absent.gameID == 7)
        #expect(TickerVote.game(Self.row(id: 7), timeline: VoteTimeline(games: []))?.sessionGameID == 0)
    }
}
