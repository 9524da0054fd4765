import Contracts
import JSON
import TestSupport
import Testing
@testable import vote_service

@Suite struct VoteTimelineTests {
    let timeline = VoteTimeline(games: [
        game(12, gameID: 30, title: "Third", minutes: 60),
        game(10, gameID: 10, title: "First", minutes: 0),
        game(11, gameID: 20, title: "Second", minutes: 25),
    ])

    @Test func gamesAreKeptInPlayOrder() {
        #expect(timeline.games.map(\.sessionGameID) == [10, 11, 12])
        #expect(!timeline.isEmpty)
        #expect(VoteTimeline(games: []).isEmpty)
    }

    @Test func eachGameOwnsItsHalfOpenIntervalAndTheLastIsOpenEnded() {
        func owner(_ minutes: Int64, _ extra: Int64 = 0) -> Int64? {
            timeline.game(at: nineteenHundred + minutes * oneMinute + extra)?.gameID
        }
        #expect(owner(0, -1) == nil)        // before the first game
        #expect(owner(-600) == nil)
        #expect(owner(0) == 10)             // exactly at the first start
        #expect(owner(10) == 10)
        #expect(owner(25, -1) == 10)        // last millisecond of the first interval
        #expect(owner(25) == 20)            // a boundary belongs to the later game
        #expect(owner(59, 59_999) == 20)
        #expect(owner(60) == 30)
        #expect(owner(60 * 24 * 365) == 30) // open-ended
        #expect(VoteTimeline(games: []).game(at: nineteenHundred) == nil)
    }

    @Test func gamesStartingTogetherAreOrderedBySessionGameIDAndTheLaterOneOwns() {
        let tied = VoteTimeline(games: [
            game(8, gameID: 80, minutes: 10),
            game(7, gameID: 70, minutes: 10),
            game(6, gameID: 60, minutes: 0),
        ])
        #expect(tied.games.map(\.sessionGameID) == [6, 7, 8])
        #expect(tied.game(at: nineteenHundred + 10 * oneMinute)?.sessionGameID == 8)
        #expect(tied.game(at: nineteenHundred + 10 * oneMinute - 1)?.sessionGameID == 6)
        #expect(tied.game(at: nineteenHundred + 90 * oneMinute)?.sessionGameID == 8)
    }

    @Test func snapshotRowsMapAndUnparsablePlayedAtIsLeftOut() {
        let rows: [JSONValue] = [
            ["id": 21, "session_id": 5, "game_id": 42, "played_at": "2026-03-15T19:30:00.000Z", "pack_name": "Pack 7",
             "title": "Quiplash 3"],
            ["id": 20, "session_id": 5, "game_id": 41, "played_at": "2026-03-15T19:00:00.000Z", "pack_name": "Pack 1",
             "title": "Drawful"],
            ["id": 22, "session_id": 5, "game_id": 43, "played_at": "not a time", "pack_name": "Pack 2", "title": "Bidiots"],
            ["id": 23, "session_id": 5, "played_at": "2026-03-15T20:00:00.000Z", "title": "no game id"],
        ]
        let timeline = VoteTimeline(snapshotGames: rows)
        #expect(timeline.games == [
            VoteTimeline.Game(sessionGameID: 20, gameID: 41, title: "Drawful", packName: "Pack 1",
                              playedAt: "2026-03-15T19:00:00.000Z", playedAtMilliseconds: nineteenHundred),
            VoteTimeline.Game(sessionGameID: 21, gameID: 42, title: "Quiplash 3", packName: "Pack 7",
                              playedAt: "2026-03-15T19:30:00.000Z", playedAtMilliseconds: nineteenHundred + 30 * oneMinute),
        ])
        #expect(timeline.debugJSON == [
            ["title": "Drawful", "played_at": "2026-03-15T19:00:00.000Z", "played_at_ms": .int(nineteenHundred)],
            ["title": "Quiplash 3", "played_at": "2026-03-15T19:30:00.000Z",
             "played_at_ms": .int(nineteenHundred + 30 * oneMinute)],
        ])
    }

    /// The interval rule written out literally: order by (start, session
    /// game id); game i owns [start_i, start_{i+1}), the last one owns
    /// [start_last, ∞).
    static func referenceOwner(_ games: [VoteTimeline.Game], at moment: Int64) -> VoteTimeline.Game? {
        var ordered = games
        // Insertion sort, so the reference does not lean on the code under test's comparator.
        for i in ordered.indices {
            var j = i
            while j > 0 {
                let a = ordered[j - 1], b = ordered[j]
                let outOfOrder = a.playedAtMilliseconds > b.playedAtMilliseconds
                    || (a.playedAtMilliseconds == b.playedAtMilliseconds && a.sessionGameID > b.sessionGameID)
                guard outOfOrder else { break }
                ordered.swapAt(j - 1, j)
                j -= 1
            }
        }
        for (index, candidate) in ordered.enumerated() {
            let end = index + 1 < ordered.count ? ordered[index + 1].playedAtMilliseconds : Int64.max
            if candidate.playedAtMilliseconds <= moment && moment < end { return candidate }
        }
        return nil
    }

    @Test func randomTimelinesAgreeWithTheLinearReference() {
        var random = SplitMix64(seed: 0x7015_2026)
        var checkedMoments = 0, nilAnswers = 0, tieTimelines = 0
        for _ in 0..<2_000 {
            let count = Int.random(in: 0...12, using: &random)
            // Small ranges make equal start times common.
            let spread = Int64.random(in: 1...40, using: &random)
            var ids = Array(Int64(1)...Int64(40)).shuffled(using: &random)
            var games: [VoteTimeline.Game] = []
            for _ in 0..<count {
                let start = nineteenHundred + Int64.random(in: 0...spread, using: &random) * 1_000
                let id = ids.removeLast()
                games.append(VoteTimeline.Game(sessionGameID: id, gameID: 1_000 + id, title: "g\(id)", packName: "p",
                                               playedAt: "", playedAtMilliseconds: start))
            }
            if Set(games.map(\.playedAtMilliseconds)).count < games.count { tieTimelines += 1 }
            let timeline = VoteTimeline(games: games)
            var moments: [Int64] = (0..<20).map { _ in
                nineteenHundred + Int64.random(in: -2_000...(spread * 1_000 + 2_000), using: &random)
            }
            // Every start and the millisecond either side of it.
            for start in games.map(\.playedAtMilliseconds) { moments += [start - 1, start, start + 1] }
            for moment in moments {
                let expected = Self.referenceOwner(games, at: moment)
                let actual = timeline.game(at: moment)
                if expected == nil { nilAnswers += 1 }
                checkedMoments += 1
                if actual != expected {
                    Issue.record("timeline \(games.map { ($0.sessionGameID, $0.playedAtMilliseconds) }) at \(moment): \(String(describing: actual?.sessionGameID)) != \(String(describing: expected?.sessionGameID))")
                    return
                }
            }
        }
        // The generator really exercised the interesting cases.
        #expect(checkedMoments > 50_000)
        #expect(nilAnswers > 1_000)
        #expect(tieTimelines > 200)
    }
}
