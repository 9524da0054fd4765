import Contracts
import JSON
import Storage
import TestSupport
import Testing
@testable import session_service

@Suite struct CatalogueTickersTests {
    @Test func theRuleOnKnownTitles() {
        let cases = ["Quiplash 3": "QPL3", "You Don't Know Jack 2015": "YDKJ2015", "Drawful": "DRW",
                     "Trivia Murder Party 2": "TMP2", "Fakin' It": "FIT", "Tee K.O.": "TK",
                     "The Devils and the Details": "DDT", "Fibbage XL": "FXL", "Survive the Internet": "SIN"]
        for (title, ticker) in cases { #expect(CatalogueTickers.base(title: title) == ticker, "\(title)") }
        #expect(CatalogueTickers.derive(titles: ["Quiplash 3", "Quiplash 3", "Quiplash 3"]) == ["QPL3", "QPL3B", "QPL3C"])
        #expect(CatalogueTickers.derive(titles: ["ÜÜ", "!!!"]) == ["G", "GB"])
    }

    @Test func everyBuiltInGameGetsAValidUniqueTicker() throws {
        let builtIn = try CatalogueTickers.builtIn(catalogue: CatalogueSeed.bundled)
        #expect(builtIn.count >= 60)
        #expect(Set(builtIn.map(\.ticker)).count == builtIn.count)
        for game in builtIn { #expect(CatalogueTickers.isValid(game.ticker), "\(game)") }
        #expect(builtIn.first { $0.pack == "The Jackbox Party Pack 7" && $0.title == "Quiplash 3" }?.ticker == "QPL3")
    }

    @Test func validity() {
        for valid in ["A", "QPL3", "12345678", "Z9"] { #expect(CatalogueTickers.isValid(valid)) }
        for invalid in ["", "qpl3", "QPL-3", "123456789", "ÄB", "A B"] { #expect(!CatalogueTickers.isValid(invalid)) }
    }

    @Test func assignmentFillsBuiltInGamesOnceAndRespectsTakenSymbols() throws {
        let fixture = try DomainFixture()
        _ = try CatalogueSeed.seedIfNeeded(fixture.db, catalogue: CatalogueSeed.bundled, now: fixture.now())
        // An admin's game already holds QPL3 (as after an upgrade).
        let own = try fixture.write { db, now in
            try GamesCatalogue.create(db, body: ["pack_name": "Mine", "title": "Mine", "min_players": 1,
                                                 "max_players": 2, "ticker": "QPL3"], now: now)
        }.body["id"]!.intValue!
        let assigned = try fixture.db.transaction {
            try CatalogueTickers.assignIfNeeded(fixture.db, catalogue: CatalogueSeed.bundled, now: "t")
        }
        let builtIn = try CatalogueTickers.builtIn(catalogue: CatalogueSeed.bundled)
        #expect(assigned == builtIn.count - 1)
        #expect(try GamesCatalogue.get(fixture.db, id: own)["ticker"] == "QPL3")
        let starter = try fixture.db.query("SELECT ticker FROM games WHERE title = 'Quiplash 3' ORDER BY id")
        #expect(starter.map { $0.string("ticker") } == [nil, "QPL3B"])
        #expect(try CatalogueTickers.assignIfNeeded(fixture.db, catalogue: CatalogueSeed.bundled, now: "t") == 0)
    }

    @Test func postAndPutValidateTickers() throws {
        let fixture = try DomainFixture()
        let game = try fixture.write { db, now in
            try GamesCatalogue.create(db, body: ["pack_name": "P", "title": "T", "min_players": 1, "max_players": 2,
                                                 "ticker": "ABC"], now: now)
        }.body
        #expect(game["ticker"] == "ABC")
        #expect(game.objectValue?.keys.last == "ticker")
        let other = try fixture.addGame(title: "Other")
        let taken = expectAPIError { try fixture.write { db, _ in
            try GamesCatalogue.update(db, id: other, body: ["ticker": "ABC"]) } }
        #expect(taken?.status == 409)
        #expect(taken?.body == ["error": "Ticker already in use"])
        let bad = expectAPIError { try fixture.write { db, _ in
            try GamesCatalogue.update(db, id: other, body: ["ticker": "abc"]) } }
        #expect(bad?.body == ["error": "ticker must be 1-8 characters A-Z or 0-9"])
        // Setting a game's own ticker again is fine; null clears it.
        let id = game["id"]!.intValue!
        #expect(try fixture.write { db, _ in try GamesCatalogue.update(db, id: id, body: ["ticker": "ABC"]) }
            .body["ticker"] == "ABC")
        #expect(try fixture.write { db, _ in try GamesCatalogue.update(db, id: id, body: ["ticker": nil]) }
            .body["ticker"] == .null)
    }
}
