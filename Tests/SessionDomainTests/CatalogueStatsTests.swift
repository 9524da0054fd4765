import Contracts
import JSON
import Storage
import TestSupport
import Testing
@testable import session_service

@Suite struct CatalogueStatsTests {
    @Test func emptyDatabase() throws {
        let fixture = try DomainFixture()
        #expect(try CatalogueStats.stats(fixture.db) == [
            "games": ["total": 0, "enabled": 0, "packs": 0], "sessions": ["total": 0, "active": 0],
            "gamesPlayed": 0, "topRatedGames": [], "mostPlayedGames": [],
        ])
    }

    @Test func figuresAndTopListsWithTiesByTitle() throws {
        let fixture = try DomainFixture()
        var ids: [Int64] = []
        for index in 0..<14 {
            let number = 13 - index
            ids.append(try fixture.addGame(title: "Game " + (number < 10 ? "0" : "") + String(number),
                                           pack: index < 7 ? "A" : "B"))
        }
        try fixture.write { db, _ in try GamesCatalogue.toggle(db, id: ids[0]) }
        // Scores: game i gets i / 3 (so ties), plays: i % 4.
        for (index, id) in ids.enumerated() {
            try fixture.db.run("UPDATE games SET upvotes = ?, popularity_score = ?, play_count = ? WHERE id = ?",
                               [.integer(Int64(index / 3)), .integer(Int64(index / 3)), .integer(Int64(index % 4)),
                                .integer(id)])
        }
        let first = try fixture.createSession()
        try fixture.addToSession(first, game: ids[1])
        try fixture.addToSession(first, game: ids[2])
        try fixture.write { db, now in try SessionsDomain.close(db, id: first, body: [:], now: now, monitors: .single) }
        let second = try fixture.createSession()
        try fixture.addToSession(second, game: ids[3])

        let stats = try CatalogueStats.stats(fixture.db)
        #expect(stats.objectValue?.keys == ["games", "sessions", "gamesPlayed", "topRatedGames", "mostPlayedGames"])
        #expect(stats["games"] == ["total": 14, "enabled": 13, "packs": 2])
        #expect(stats["sessions"] == ["total": 2, "active": 1])
        #expect(stats["gamesPlayed"] == 3)

        let top = stats["topRatedGames"]!.arrayValue!
        #expect(top.count == 10)
        #expect(top[0].objectValue?.keys == ["id", "title", "pack_name", "popularity_score", "upvotes", "downvotes"])
        let scores = top.map { $0["popularity_score"]!.intValue! }
        #expect(scores == scores.sorted(by: >))
        for pair in zip(top, top.dropFirst()) where pair.0["popularity_score"] == pair.1["popularity_score"] {
            #expect(pair.0["title"]!.stringValue! < pair.1["title"]!.stringValue!)
        }
        #expect(top.allSatisfy { $0["popularity_score"]!.intValue! > 0 })

        let played = stats["mostPlayedGames"]!.arrayValue!
        #expect(played[0].objectValue?.keys == ["id", "title", "pack_name", "play_count"])
        #expect(played.count == 10)   // 14 games, 3 of them with no play
        let counts = played.map { $0["play_count"]!.intValue! }
        #expect(counts == counts.sorted(by: >))
        for pair in zip(played, played.dropFirst()) where pair.0["play_count"] == pair.1["play_count"] {
            #expect(pair.0["title"]!.stringValue! < pair.1["title"]!.stringValue!)
        }
    }

    @Test func statsQueriesUseIndexesNotAFullSortOfTheCatalogue() throws {
        let fixture = try DomainFixture()
        for sql in ["SELECT id FROM games WHERE popularity_score > 0 ORDER BY popularity_score DESC, title, id LIMIT 10",
                    "SELECT id FROM games WHERE play_count > 0 ORDER BY play_count DESC, title, id LIMIT 10"] {
            let plan = try fixture.db.query("EXPLAIN QUERY PLAN " + sql).compactMap { $0.string("detail") }
            #expect(plan.contains { $0.contains("INDEX games_by_") }, "\(plan)")
        }
    }
}
