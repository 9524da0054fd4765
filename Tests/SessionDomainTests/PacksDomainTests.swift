import Contracts
import JSON
import Storage
import TestSupport
import Testing
@testable import session_service

@Suite struct PacksDomainTests {
    private func catalogue() throws -> DomainFixture {
        let fixture = try DomainFixture()
        _ = try fixture.addGame(title: "A1", pack: "Alpha & Co's / Ünïcode")
        _ = try fixture.addGame(title: "A2", pack: "Alpha & Co's / Ünïcode")
        let b = try fixture.addGame(title: "B1", pack: "Beta")
        try fixture.write { db, _ in try GamesCatalogue.toggle(db, id: b) }
        return fixture
    }

    @Test func listAndMetaCountGamesPerPackByName() throws {
        let fixture = try catalogue()
        let session = try fixture.createSession()
        try fixture.addToSession(session, game: 1)
        #expect(try PacksDomain.list(fixture.db) == [
            ["name": "Alpha & Co's / Ünïcode", "favor_bias": 0, "enabled_games": 2, "total_games": 2],
            ["name": "Beta", "favor_bias": 0, "enabled_games": 0, "total_games": 1],
        ])
        let meta = try PacksDomain.meta(fixture.db)
        #expect(meta[0]?.objectValue?.keys == ["name", "total_games", "enabled_games", "total_plays", "favor_bias"])
        #expect(meta[0]?["total_plays"] == 1)
        #expect(meta[1]?["total_plays"] == 0)
    }

    @Test func toggleSetsEveryGameOfThePack() throws {
        let fixture = try catalogue()
        let outcome = try fixture.write { db, _ in
            try PacksDomain.toggle(db, name: "Alpha & Co's / Ünïcode", body: ["enabled": false])
        }
        #expect(outcome.body == ["message": "Pack updated", "pack": "Alpha & Co's / Ünïcode", "enabled": false,
                                 "games_updated": 2])
        #expect(try PacksDomain.list(fixture.db)[0]?["enabled_games"] == 0)
        try fixture.write { db, _ in try PacksDomain.toggle(db, name: "Beta", body: ["enabled": true]) }
        #expect(try PacksDomain.list(fixture.db)[1]?["enabled_games"] == 1)
        let missing = expectAPIError { try fixture.write { db, _ in
            try PacksDomain.toggle(db, name: "Gamma", body: ["enabled": true]) } }
        #expect(missing?.status == 404)
        #expect(missing?.body == ["error": "Pack not found"])
        for body: JSONObject in [[:], ["enabled": 1], ["enabled": "true"], ["enabled": nil]] {
            let invalid = expectAPIError { try fixture.write { db, _ in try PacksDomain.toggle(db, name: "Beta", body: body) } }
            #expect(invalid?.status == 400)
        }
    }

    @Test func favorIsStoredPerPackAndValidated() throws {
        let fixture = try catalogue()
        let outcome = try fixture.write { db, _ in try PacksDomain.setFavor(db, name: "Beta", body: ["favor_bias": -1]) }
        #expect(outcome.body == ["message": "Pack favor updated", "pack": "Beta", "favor_bias": -1])
        try fixture.write { db, _ in try PacksDomain.setFavor(db, name: "Beta", body: ["favor_bias": 1]) }
        #expect(try PacksDomain.list(fixture.db)[1]?["favor_bias"] == 1)
        for body: JSONObject in [[:], ["favor_bias": 2], ["favor_bias": "1"], ["favor_bias": 0.5], ["favor_bias": true]] {
            let invalid = expectAPIError { try fixture.write { db, _ in try PacksDomain.setFavor(db, name: "Beta", body: body) } }
            #expect(invalid?.body == ["error": "favor_bias must be -1, 0 or 1"], "\(body)")
        }
        let missing = expectAPIError { try fixture.write { db, _ in
            try PacksDomain.setFavor(db, name: "beta", body: ["favor_bias": 1]) } }
        #expect(missing?.body == ["error": "Pack not found"])
    }

    @Test func gameFavorIsValidatedAndReturnsTheRow() throws {
        let fixture = try catalogue()
        let row = try fixture.write { db, _ in try GamesCatalogue.setFavor(db, id: 1, body: ["favor_bias": -1]) }.body
        #expect(row["favor_bias"] == -1)
        #expect(row == .object(try GamesCatalogue.get(fixture.db, id: 1)))
        let invalid = expectAPIError { try fixture.write { db, _ in try GamesCatalogue.setFavor(db, id: 1, body: ["favor_bias": 3]) } }
        #expect(invalid?.body == ["error": "favor_bias must be -1, 0 or 1"])
        let missing = expectAPIError { try fixture.write { db, _ in try GamesCatalogue.setFavor(db, id: 99, body: ["favor_bias": 1]) } }
        #expect(missing?.body == ["error": "Game not found"])
        // POST/PUT share the rule.
        let put = expectAPIError { try fixture.write { db, _ in try GamesCatalogue.update(db, id: 1, body: ["favor_bias": 5]) } }
        #expect(put?.body == ["error": "favor_bias must be -1, 0 or 1"])
    }
}
