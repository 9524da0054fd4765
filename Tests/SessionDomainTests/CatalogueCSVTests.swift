import CSV
import Contracts
import JSON
import Storage
import TestSupport
import Testing
@testable import session_service

@Suite struct CatalogueCSVTests {
    static let header = "pack_name,title,min_players,max_players,length_minutes,has_audience,family_friendly,game_type,"
        + "secondary_type,ticker,enabled,favor_bias\r\n"

    private func seeded() throws -> DomainFixture {
        let fixture = try DomainFixture()
        _ = try CatalogueSeed.seedIfNeeded(fixture.db, catalogue: CatalogueSeed.bundled, now: fixture.now())
        _ = try CatalogueTickers.assignIfNeeded(fixture.db, catalogue: CatalogueSeed.bundled, now: fixture.now())
        return fixture
    }

    private func export(_ fixture: DomainFixture) throws -> String {
        try CatalogueCSV.export(fixture.db)["body"]!.stringValue!
    }

    @discardableResult
    private func importCSV(_ fixture: DomainFixture, _ csv: String, mode: String? = nil) throws -> JSONValue {
        var body: JSONObject = ["csvData": .string(csv)]
        if let mode { body["mode"] = .string(mode) }
        return try fixture.write { db, now in try CatalogueCSV.importCSV(db, body: body, now: now) }.body
    }

    private func rowErrors(_ fixture: DomainFixture, _ csv: String, mode: String? = nil) -> [JSONValue]? {
        let error = expectAPIError { try importCSV(fixture, csv, mode: mode) }
        #expect(error?.status == 400)
        #expect(error?.message == "Import failed")
        return error?.body["errors"]?.arrayValue
    }

    @Test func exportDescribesTheDownload() throws {
        let fixture = try seeded()
        let result = try CatalogueCSV.export(fixture.db)
        #expect(result["contentType"] == "text/csv; charset=utf-8")
        #expect(result["filename"] == "games.csv")
        let text = result["body"]!.stringValue!
        #expect(text.hasPrefix(Self.header))
        #expect(text.contains("The Jackbox Party Pack 7,Quiplash 3,3,8,"))
        #expect(text.contains(",QPL3,1,0\r\n"))
        let records = try CSVParser.parse(Array(text.utf8))
        #expect(records.count == 1 + (try fixture.db.query("SELECT COUNT(*) AS n FROM games")[0].int("n") ?? 0))
        #expect(records.allSatisfy { $0.fields.count == 12 })
    }

    @Test func replaceImportOfAnExportRoundTripsByteForByte() throws {
        let fixture = try seeded()
        // Awkward values: commas, quotes, line breaks, non-ASCII, spaces at the ends.
        try fixture.write { db, now in
            try GamesCatalogue.create(db, body: ["pack_name": "Pack, \"Quoted\"", "title": " Multi\r\nline ✓ ",
                                                 "min_players": 1, "max_players": 1, "game_type": "a,b",
                                                 "favor_bias": -1, "enabled": false, "ticker": "ODD1"], now: now)
        }
        let session = try fixture.createSession()
        try fixture.addToSession(session, game: 5)
        let first = try export(fixture)
        let result = try importCSV(fixture, first, mode: "replace")
        let total = Int64(try CSVParser.parse(Array(first.utf8)).count - 1)
        #expect(result == ["message": "Import complete", "inserted": 0, "updated": .int(total), "kept": 0, "errors": []])
        #expect(try export(fixture) == first)
        // Into an empty catalogue as well.
        let empty = try DomainFixture()
        #expect(try importCSV(empty, first, mode: "replace")["inserted"] == .int(total))
        #expect(try export(empty) == first)
    }

    @Test func appendUpdatesMatchesAndInsertsTheRest() throws {
        let fixture = try DomainFixture()
        let kept = try fixture.addGame(title: "Keep me", pack: "P")
        let changed = try fixture.addGame(title: "Change me", pack: "P")
        let csv = "\u{FEFF}pack_name,title,min_players,max_players,enabled\n"
            + "P,Change me,2,3,false\r\n"
            + "\"New, pack\",\"Brand \"\"new\"\"\r\ngame\",1,10,TRUE\n"
        let result = try importCSV(fixture, csv)
        #expect(result == ["message": "Import complete", "inserted": 1, "updated": 1, "kept": 0, "errors": []])
        let updated = try GamesCatalogue.get(fixture.db, id: changed)
        #expect(updated["min_players"] == 2 && updated["max_players"] == 3 && updated["enabled"] == 0)
        #expect(updated["game_type"] == .null)
        #expect(try GamesCatalogue.get(fixture.db, id: kept)["title"] == "Keep me")
        let inserted = try fixture.db.query("SELECT title, pack_name, enabled, favor_bias, ticker FROM games WHERE id > ?",
                                            [.integer(changed)])
        #expect(inserted.count == 1)
        #expect(inserted[0].string("title") == "Brand \"new\"\r\ngame")
        #expect(inserted[0].string("pack_name") == "New, pack")
        #expect(inserted[0].int("enabled") == 1 && inserted[0].int("favor_bias") == 0)
        #expect(inserted[0].string("ticker") == nil)
    }

    @Test func replaceDeletesOthersButKeepsGamesASessionRefersTo() throws {
        let fixture = try DomainFixture()
        let played = try fixture.addGame(title: "Played", pack: "P")
        let unplayed = try fixture.addGame(title: "Unplayed", pack: "P")
        let session = try fixture.createSession()
        try fixture.addToSession(session, game: played)
        let result = try importCSV(fixture, Self.header + "Q,Fresh,2,4,,0,1,Drawing,,FRSH,1,1\r\n", mode: "replace")
        #expect(result == ["message": "Import complete", "inserted": 1, "updated": 0, "kept": 1, "errors": []])
        let titles = try fixture.db.query("SELECT title FROM games ORDER BY id").compactMap { $0.string("title") }
        #expect(titles == ["Played", "Fresh"])
        #expect(try fixture.db.query("SELECT 1 FROM games WHERE id = ?", [.integer(unplayed)]).isEmpty)
    }

    @Test func everyRowErrorIsReportedWithItsLineAndNothingChanges() throws {
        let fixture = try DomainFixture()
        _ = try fixture.addGame(title: "Existing", pack: "P")
        let before = try export(fixture)
        let rows = [
            "P,Good,1,2,,0,0,,,,1,0",              // 2: fine
            ",No pack,1,2,,0,0,,,,1,0",            // 3
            "P,,1,2,,0,0,,,,1,0",                  // 4
            "P,Bad min,x,2,,0,0,,,,1,0",           // 5
            "P,Zero,0,2,,0,0,,,,1,0",              // 6
            "P,Inverted,5,2,,0,0,,,,1,0",          // 7
            "P,Bad length,1,2,-3,0,0,,,,1,0",      // 8
            "P,Bad flag,1,2,,yes,0,,,,1,0",        // 9
            "P,Bad favor,1,2,,0,0,,,,1,2",         // 10
            "P,Bad ticker,1,2,,0,0,,,qp-1,1,0",    // 11
            "P,Dup ticker A,1,2,,0,0,,,DUP,1,0",   // 12
            "P,Dup ticker B,1,2,,0,0,,,DUP,1,0",   // 13
            "P,Good,1,2,,0,0,,,,1,0",              // 14: duplicate identity
            "P,Short row,1,2",                     // 15
        ]
        let errors = rowErrors(fixture, Self.header + rows.joined(separator: "\r\n") + "\r\n")
        #expect(errors?.map { $0["line"]!.intValue! } == [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14, 15])
        #expect(errors?[0] == ["line": 3, "error": "pack_name is required"])
        #expect(errors?[3]["error"] == "min_players must be a positive integer")
        #expect(errors?[4]["error"] == "min_players must not be greater than max_players")
        #expect(errors?[6]["error"] == "has_audience must be 0, 1, true or false")
        #expect(errors?[7]["error"] == "favor_bias must be -1, 0 or 1")
        #expect(errors?[8]["error"] == "ticker must be 1-8 characters A-Z or 0-9")
        #expect(errors?[9]["error"] == "Ticker already in use: DUP (line 12)")
        #expect(errors?[10]["error"] == "Duplicate pack_name and title (first on line 2)")
        #expect(errors?[11]["error"] == "Expected 12 fields, found 4")
        #expect(try export(fixture) == before)
    }

    @Test func parseErrorsAndHeaderErrorsCarryTheirLine() throws {
        let fixture = try DomainFixture()
        // Reported where the input ends, the quote still open.
        let unterminated = rowErrors(fixture, Self.header + "P,Fine,1,2,,0,0,,,,1,0\r\nP,\"open,1,2\r\n")
        #expect(unterminated == [["line": 4, "error": "unterminated quoted field"]])
        let header = rowErrors(fixture, "pack_name,title,min_players,colour,title\r\n")
        #expect(header == [["line": 1, "error": "Unknown column: colour"], ["line": 1, "error": "Duplicate column: title"],
                           ["line": 1, "error": "Missing column: max_players"]])
        #expect(rowErrors(fixture, "") == [["line": 1, "error": "The file has no header row"]])
    }

    @Test func tickersMustNotCollideWithGamesThatStay() throws {
        let fixture = try DomainFixture()
        let other = try fixture.write { db, now in
            try GamesCatalogue.create(db, body: ["pack_name": "P", "title": "Holder", "min_players": 1,
                                                 "max_players": 2, "ticker": "HOLD"], now: now)
        }.body["id"]!.intValue!
        let csv = "pack_name,title,min_players,max_players,ticker\r\nP,Taker,1,2,HOLD\r\n"
        #expect(rowErrors(fixture, csv) == [["line": 2, "error": "Ticker already in use: HOLD"]])
        // Moving the symbol within the file is fine: the holder gives it up.
        try importCSV(fixture, csv + "P,Holder,1,2,\r\n")
        #expect(try GamesCatalogue.get(fixture.db, id: other)["ticker"] == .null)
        // Replace: a game that goes away frees its symbol; one kept by a session does not.
        let session = try fixture.createSession()
        let taker = try fixture.db.query("SELECT id FROM games WHERE title = 'Taker'")[0].int("id")!
        try fixture.addToSession(session, game: taker)
        let errors = rowErrors(fixture, "pack_name,title,min_players,max_players,ticker\r\nP,New,1,2,HOLD\r\n",
                               mode: "replace")
        #expect(errors == [["line": 2, "error": "Ticker already in use: HOLD"]])
    }

    @Test func badBodiesAre400() throws {
        let fixture = try DomainFixture()
        let cases: [(JSONObject, String)] = [
            ([:], "csvData must be a string"), (["csvData": 5], "csvData must be a string"),
            (["csvData": "x", "mode": "merge"], "mode must be append or replace"),
            (["csvData": "x", "mode": 1], "mode must be append or replace"),
        ]
        for (body, message) in cases {
            let error = expectAPIError { try fixture.write { db, now in try CatalogueCSV.importCSV(db, body: body, now: now) } }
            #expect(error?.body == ["error": .string(message)])
        }
    }
}
