import Contracts
import JSON
import ServiceSupport
import Storage
import TestSupport
import Testing
@testable import session_service

@Suite struct SessionHistoryTests {
    static func query(_ query: JSONObject) throws -> SessionHistory.ListQuery {
        try SessionHistory.ListQuery(RequestParams(raw: ["query": .object(query)]))
    }

    /// `count` closed sessions, oldest first, then (optionally) an active one.
    static func sessions(_ fixture: DomainFixture, closed count: Int, active: Bool = false) throws -> [Int64] {
        var ids: [Int64] = []
        for _ in 0..<count {
            let id = try fixture.createSession()
            try fixture.write { db, now in try SessionsDomain.close(db, id: id, body: [:], now: now, monitors: .single) }
            ids.append(id)
        }
        if active { ids.append(try fixture.createSession()) }
        return ids
    }

    static func list(_ fixture: DomainFixture, _ query: JSONObject) throws -> (ids: [Int64?], headers: JSONObject) {
        let result = try SessionHistory.list(fixture.db, Self.query(query))
        return (result["body"]?.arrayValue?.map { $0["id"]?.intValue } ?? [], result["headers"]?.objectValue ?? [:])
    }

    // MARK: Query building

    /// No parameter at all: the sessions document's list, every session.
    @Test func noParametersListEverySession() throws {
        let query = try Self.query([:])
        #expect(query == SessionHistory.ListQuery(filter: .all))
        let sql = query.sql
        #expect(!sql.text.contains("archived ="))
        #expect(sql.text.hasSuffix(" ORDER BY s.created_at DESC, s.id DESC"))
        #expect(sql.bindings.isEmpty)
    }

    /// `limit` or `before` alone: the `default` filter, archived hidden.
    @Test func pagingAloneUsesTheDefaultFilter() throws {
        #expect(try Self.query(["limit": "5"]).filter == .default)
        #expect(try Self.query(["before": "2026-03-15T19:00:00Z"]).filter == .default)
        #expect(try Self.query(["limit": "5"]).sql.text.contains("s.archived = 0"))
    }

    @Test func everyParameterBecomesABoundCondition() throws {
        let query = try Self.query(["filter": "archived", "limit": "10", "before": "2026-03-15T20:00:00Z"])
        #expect(query.before == "2026-03-15T20:00:00.000Z")
        let sql = query.sql
        #expect(sql.text.hasSuffix(
            " WHERE s.archived = 1 AND s.created_at < ? ORDER BY s.created_at DESC, s.id DESC LIMIT ?"))
        #expect(sql.bindings == [.text("2026-03-15T20:00:00.000Z"), .integer(10)])
        let all = try Self.query(["filter": "all"]).sql
        #expect(!all.text.contains("WHERE"))
    }

    @Test func limitIsCapped() throws {
        #expect(try Self.query(["limit": "5000"]).limit == SessionHistory.maxLimit)
    }

    @Test(arguments: [("filter", "Archived"), ("filter", ""), ("filter", "none"), ("limit", "0"), ("limit", "-1"),
                      ("limit", "abc"), ("limit", ""), ("limit", "+5"), ("limit", "99999999999999999999"),
                      ("before", "yesterday"), ("before", ""), ("before", "2026-13-01T00:00:00Z")])
    func invalidValuesNameTheirParameter(name: String, value: String) {
        let error = expectAPIError { _ = try Self.query([name: .string(value)]) }
        #expect(error?.status == 400)
        #expect(error?.body == ["error": .string("Invalid query parameter: \(name)")])
    }

    // MARK: Listing and paging

    @Test func sessionObjectsEndWithArchived() throws {
        let fixture = try DomainFixture()
        _ = try Self.sessions(fixture, closed: 1)
        let result = try SessionHistory.list(fixture.db, SessionHistory.ListQuery())
        #expect(result["body"]?[0]?.objectValue?.keys
                == ["id", "notes", "is_active", "created_at", "closed_at", "games_played", "archived"])
        #expect(result["headers"] == .object([:]))
    }

    @Test func filtersAndPagesNewestFirst() throws {
        let fixture = try DomainFixture()
        let ids = try Self.sessions(fixture, closed: 5, active: true)  // ids[5] active
        _ = try fixture.write { db, _ in try SessionHistory.setArchived(db, id: ids[1], archived: true) }
        _ = try fixture.write { db, _ in try SessionHistory.setArchived(db, id: ids[3], archived: true) }
        #expect(try Self.list(fixture, ["filter": "default"]).ids == [ids[5], ids[4], ids[2], ids[0]])
        #expect(try Self.list(fixture, [:]).ids == ids.reversed().map(Optional.some))  // the plain list: every session
        #expect(try Self.list(fixture, ["filter": "archived"]).ids == [ids[3], ids[1]])
        #expect(try Self.list(fixture, ["filter": "all"]).ids == ids.reversed().map(Optional.some))

        // Pages of 2 over all six, each cursor the last row's created_at.
        var seen: [Int64?] = []
        var cursor: String?
        for expected in [[ids[5], ids[4]], [ids[3], ids[2]], [ids[1], ids[0]]] {
            var query: JSONObject = ["filter": "all", "limit": "2"]
            if let cursor { query["before"] = .string(cursor) }
            let page = try Self.list(fixture, query)
            #expect(page.ids == expected.map(Optional.some))
            let last = try SessionsDomain.get(fixture.db, id: expected[1])["created_at"]?.stringValue
            #expect(page.headers == [SessionHistory.prevLastDateHeader: .string(last!)])
            cursor = last
            seen += page.ids
        }
        #expect(seen == ids.reversed().map(Optional.some))
        let end = try Self.list(fixture, ["filter": "all", "limit": "2", "before": .string(cursor!)])
        #expect(end.ids.isEmpty)
        #expect(end.headers.count == 0)
    }

    // MARK: Archive

    @Test func archiveAndUnarchiveReturnTheSession() throws {
        let fixture = try DomainFixture()
        let ids = try Self.sessions(fixture, closed: 1, active: true)
        let archived = try fixture.write { db, _ in try SessionHistory.setArchived(db, id: ids[0], archived: true) }
        #expect(archived.body["archived"] == 1)
        #expect(archived.body["id"] == .int(ids[0]))
        let again = try fixture.write { db, _ in try SessionHistory.setArchived(db, id: ids[0], archived: true) }
        #expect(again.body["archived"] == 1)
        let back = try fixture.write { db, _ in try SessionHistory.setArchived(db, id: ids[0], archived: false) }
        #expect(back.body["archived"] == 0)

        let active = expectAPIError { try fixture.write { db, _ in try SessionHistory.setArchived(db, id: ids[1], archived: true) } }
        #expect(active?.body == ["error": "Cannot archive an active session"])
        let missing = expectAPIError { try fixture.write { db, _ in try SessionHistory.setArchived(db, id: 999, archived: true) } }
        #expect(missing?.status == 404)
        #expect(missing?.body == ["error": "Session not found"])
    }

    // MARK: Bulk

    static func bulk(_ fixture: DomainFixture, _ body: JSONObject) throws -> SessionsDomain.Outcome {
        try fixture.write { db, now in try SessionHistory.bulk(db, body: body, now: now, monitors: .single) }
    }

    static func archivedFlags(_ fixture: DomainFixture) throws -> [Int64?] {
        try fixture.db.query("SELECT archived FROM sessions ORDER BY id").map { $0.int("archived") }
    }

    @Test(arguments: [JSONObject(), ["action": "archive"], ["action": "ARCHIVE", "ids": [1]], ["action": 1, "ids": [1]],
                      ["action": "purge", "ids": [1]]] as [JSONObject])
    func aBadActionIsRefusedFirst(body: JSONObject) throws {
        let fixture = try DomainFixture()
        let expected: JSONObject = body["action"] == "archive" ? ["error": "ids must be a non-empty array of session ids"]
                                                               : ["error": "Invalid action"]
        let error = expectAPIError { _ = try Self.bulk(fixture, body) }
        #expect(error?.status == 400)
        #expect(error?.body == expected)
    }

    @Test(arguments: [JSONValue.array([]), "1", [0], [-3], ["1"], [1.5], [nil], .object([:])])
    func badIDsAreRefused(ids: JSONValue) throws {
        let fixture = try DomainFixture()
        let error = expectAPIError { _ = try Self.bulk(fixture, ["action": "delete", "ids": ids]) }
        #expect(error?.body == ["error": "ids must be a non-empty array of session ids"])
    }

    @Test func bulkArchiveCountsWhatChangedAndIgnoresRepeats() throws {
        let fixture = try DomainFixture()
        let ids = try Self.sessions(fixture, closed: 3)
        _ = try fixture.write { db, _ in try SessionHistory.setArchived(db, id: ids[0], archived: true) }
        let outcome = try Self.bulk(fixture, ["action": "archive", "ids": [.int(ids[0]), .int(ids[1]), .int(ids[1])]])
        #expect(outcome.body == ["success": true, "affected": 1])
        #expect(try Self.archivedFlags(fixture) == [1, 1, 0])
        let back = try Self.bulk(fixture, ["action": "unarchive", "ids": .array(ids.map { .int($0) })])
        #expect(back.body == ["success": true, "affected": 2])
        #expect(try Self.archivedFlags(fixture) == [0, 0, 0])
    }

    @Test func bulkIsAllOrNothing() throws {
        let fixture = try DomainFixture()
        let ids = try Self.sessions(fixture, closed: 2, active: true)
        let unknown = expectAPIError {
            _ = try Self.bulk(fixture, ["action": "archive", "ids": [.int(ids[0]), 404, .int(ids[1]), 405]])
        }
        #expect(unknown?.status == 400)
        #expect(unknown?.body == ["error": "Session not found", "ids": [404, 405]])
        let active = expectAPIError { _ = try Self.bulk(fixture, ["action": "delete", "ids": [.int(ids[0]), .int(ids[2])]]) }
        #expect(active?.body == ["error": "Cannot modify the active session"])
        // Nothing changed, nothing owed to vote-service.
        #expect(try Self.archivedFlags(fixture) == [0, 0, 0])
        #expect(try fixture.db.query("SELECT id FROM sessions").count == 3)
        #expect(try monitorOutboxRows(fixture.db).isEmpty)
    }

    @Test func bulkDeleteCascadesLikeTheSingleDelete() throws {
        let fixture = try DomainFixture()
        let game = try fixture.addGame()
        let first = try fixture.createSession()
        let sessionGame = try fixture.addToSession(first, game: game)
        try fixture.write { db, now in try SessionsDomain.close(db, id: first, body: [:], now: now, monitors: .single) }
        // A monitor still running on a closed session's game (a late report)
        // is stopped by the delete, as the single delete does.
        try fixture.db.run("UPDATE session_games SET player_count_check_status = 'monitoring', monitor_instance = 1 WHERE id = ?",
                           [.integer(sessionGame)])
        let second = try Self.sessions(fixture, closed: 1)[0]
        let kept = try Self.sessions(fixture, closed: 1)[0]
        let outcome = try Self.bulk(fixture, ["action": "delete", "ids": [.int(first), .int(second)]])
        #expect(outcome.body == ["success": true, "affected": 2])
        #expect(outcome.outboxRows > 0)
        #expect(try fixture.db.query("SELECT id FROM sessions").map { $0.int("id") } == [kept])
        #expect(try fixture.db.query("SELECT id FROM session_games").isEmpty)
        let rows = try monitorOutboxRows(fixture.db)
        #expect(rows.count == 3)
        #expect(rows[0].matches(PeerOutbox.monitorService(1), Method.monitorsStop,
                                ["sessionGameId": .int(sessionGame), "reason": "game_removed"]))
        #expect(rows[1].matches(PeerOutbox.voteService, Method.votesPurgeSession, ["sessionId": .int(first)]))
        #expect(rows[2].matches(PeerOutbox.voteService, Method.votesPurgeSession, ["sessionId": .int(second)]))
    }
}
