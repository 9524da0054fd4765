import Contracts
import JSON
import Storage
import TestSupport
import Testing
@testable import session_service

@Suite struct GamesCatalogueTests {
    @Test func theBundledCatalogueSeedsOnceOnly() throws {
        let fixture = try DomainFixture()
        let inserted = try CatalogueSeed.seedIfNeeded(fixture.db, catalogue: CatalogueSeed.bundled, now: fixture.now())
        #expect(inserted >= 55)
        #expect(try CatalogueSeed.seedIfNeeded(fixture.db, catalogue: CatalogueSeed.bundled, now: fixture.now()) == 0)
        let quiplash = try GamesCatalogue.list(fixture.db) { $0 == "pack" ? "The Jackbox Party Pack 7" : nil }
            .arrayValue!.first { $0["title"] == "Quiplash 3" }
        #expect(quiplash?["min_players"] == 3)
        #expect(quiplash?["max_players"] == 8)
    }

    @Test func filtersSelectTheDocumentedRows() throws {
        let fixture = try DomainFixture()
        try fixture.write { db, now in
            try GamesCatalogue.create(db, body: ["pack_name": "P", "title": "Draw", "min_players": 3, "max_players": 8,
                                                 "game_type": "Drawing", "length_minutes": 15, "family_friendly": true], now: now)
        }
        try fixture.write { db, now in
            try GamesCatalogue.create(db, body: ["pack_name": "P", "title": "Long", "min_players": 1, "max_players": 4,
                                                 "game_type": "Trivia", "length_minutes": 30], now: now)
        }
        func titles(_ query: [String: String]) throws -> [String?] {
            try GamesCatalogue.list(fixture.db) { query[$0] }.arrayValue!.map { $0["title"]?.stringValue }
        }
        #expect(try titles([:]) == ["Draw", "Long"])
        #expect(try titles(["drawing": "only"]) == ["Draw"])
        #expect(try titles(["drawing": "exclude"]) == ["Long"])
        #expect(try titles(["playerCount": "2"]) == ["Long"])
        #expect(try titles(["playerCount": "8"]) == ["Draw"])
        #expect(try titles(["length": "short"]) == ["Draw"])
        #expect(try titles(["length": "long"]) == ["Long"])
        #expect(try titles(["familyFriendly": "true"]) == ["Draw"])
        let invalid = expectAPIError { _ = try titles(["playerCount": "many"]) }
        #expect(invalid?.body == ["error": "Invalid query parameter: playerCount"])
    }

    @Test func createValidatesRequiredFieldsAndTheRange() throws {
        let fixture = try DomainFixture()
        let missing = expectAPIError { try fixture.write { db, now in
            try GamesCatalogue.create(db, body: ["title": "X", "min_players": 1, "max_players": 2], now: now) } }
        #expect(missing?.message == GamesCatalogue.requiredFieldsError)
        let inverted = expectAPIError { try fixture.write { db, now in
            try GamesCatalogue.create(db, body: ["pack_name": "P", "title": "X", "min_players": 5, "max_players": 2], now: now) } }
        #expect(inverted?.message == GamesCatalogue.playerRangeError)
        #expect(try GamesCatalogue.list(fixture.db) { _ in nil } == .array([]))
    }

    @Test func deleteRefusesAGamePlayedInASession() throws {
        let fixture = try DomainFixture()
        let game = try fixture.addGame()
        let session = try fixture.createSession()
        try fixture.addToSession(session, game: game)
        let refused = expectAPIError { try fixture.write { db, _ in try GamesCatalogue.delete(db, id: game) } }
        #expect(refused?.status == 409)
        let unused = try fixture.addGame(title: "Other")
        #expect(try fixture.write { db, _ in try GamesCatalogue.delete(db, id: unused) }.body
                == ["message": "Game deleted successfully"])
    }

    @Test func toggleFlipsEnabledAndUpdateIsPartial() throws {
        let fixture = try DomainFixture()
        let game = try fixture.addGame()
        #expect(try fixture.write { db, _ in try GamesCatalogue.toggle(db, id: game) }.body["enabled"] == 0)
        #expect(try fixture.write { db, _ in try GamesCatalogue.toggle(db, id: game) }.body["enabled"] == 1)
        let updated = try fixture.write { db, _ in try GamesCatalogue.update(db, id: game, body: ["title": "Renamed"]) }
        #expect(updated.body["title"] == "Renamed")
        #expect(updated.body["max_players"] == 8)
    }
}
