import Contracts
import JSON
import Storage
import TestSupport
import Testing
@testable import session_service

@Suite struct SessionsDomainTests {
    @Test func createReturnsTheDocumentedObjectAndASessionStartedEvent() throws {
        let fixture = try DomainFixture()
        let outcome = try fixture.write { db, now in try SessionsDomain.create(db, body: ["notes": "Friday"], now: now) }
        let body = try #require(outcome.body.objectValue)
        #expect(body.keys == ["id", "notes", "is_active", "created_at", "closed_at"])
        #expect(body["is_active"] == 1)
        #expect(body["closed_at"] == .null)
        #expect(outcome.events.map(\.type) == ["session.started"])
        #expect(outcome.events[0].data["session"]?.objectValue?.keys == ["id", "is_active", "created_at", "notes"])
    }

    @Test func onlyOneSessionMayBeActive() throws {
        let fixture = try DomainFixture()
        let first = try fixture.createSession()
        let error = expectAPIError { _ = try fixture.createSession() }
        #expect(error?.status == 400)
        #expect(error?.body == ["error": "An active session already exists. Please close it before creating a new one.",
                                "activeSessionId": .int(first)])
    }

    @Test func notesMustBeAStringOrNull() throws {
        let fixture = try DomainFixture()
        let error = expectAPIError { try fixture.write { db, now in try SessionsDomain.create(db, body: ["notes": 5], now: now) } }
        #expect(error?.message == "notes must be a string")
        _ = try fixture.write { db, now in try SessionsDomain.create(db, body: ["notes": nil], now: now) }
    }

    @Test func closingFinishesPlayingGamesAndUpdatesNotes() throws {
        let fixture = try DomainFixture()
        let game = try fixture.addGame()
        let session = try fixture.createSession(notes: "before")
        try fixture.addToSession(session, game: game)
        let outcome = try fixture.write { db, now in
            try SessionsDomain.close(db, id: session, body: ["notes": "after"], now: now, monitors: .single)
        }
        #expect(outcome.body["notes"] == "after")
        #expect(outcome.body["is_active"] == 0)
        #expect(outcome.body["games_played"] == 1)
        #expect(outcome.body["closed_at"]?.stringValue != nil)
        #expect(outcome.events.map(\.type) == ["session.ended"])
        let statuses = try SessionGamesDomain.list(fixture.db, sessionID: session).arrayValue!.map { $0["status"] }
        #expect(statuses == ["played"])
        let again = expectAPIError { try fixture.write { db, now in try SessionsDomain.close(db, id: session, body: [:], now: now, monitors: .single) } }
        #expect(again?.message == "Session is already closed")
    }

    @Test func onlyClosedSessionsCanBeDeletedAndTheirGamesGoWithThem() throws {
        let fixture = try DomainFixture()
        let game = try fixture.addGame()
        let session = try fixture.createSession()
        try fixture.addToSession(session, game: game)
        let active = expectAPIError { try fixture.write { db, now in try SessionsDomain.delete(db, id: session, now: now, monitors: .single) } }
        #expect(active?.message == "Cannot delete an active session. Please close it first.")
        try fixture.write { db, now in try SessionsDomain.close(db, id: session, body: [:], now: now, monitors: .single) }
        let deleted = try fixture.write { db, now in try SessionsDomain.delete(db, id: session, now: now, monitors: .single) }
        #expect(deleted.body == ["message": "Session deleted successfully", "sessionId": .int(session)])
        #expect(try SessionGamesDomain.list(fixture.db, sessionID: session) == .array([]))
        let gone = expectAPIError { _ = try SessionsDomain.get(fixture.db, id: session) }
        #expect(gone?.status == 404)
    }

    @Test func listIsNewestFirstWithGamesPlayed() throws {
        let fixture = try DomainFixture()
        let first = try fixture.createSession()
        try fixture.write { db, now in try SessionsDomain.close(db, id: first, body: [:], now: now, monitors: .single) }
        let second = try fixture.createSession()
        let ids = try SessionsDomain.list(fixture.db).arrayValue!.map { $0["id"]?.intValue }
        #expect(ids == [second, first])
        #expect(try SessionsDomain.list(fixture.db)[0]?.objectValue?.keys
                == ["id", "notes", "is_active", "created_at", "closed_at", "games_played", "archived"])
    }

    @Test func activeIsTheSessionOrTheDocumentedWrapper() throws {
        let fixture = try DomainFixture()
        #expect(try SessionsDomain.active(fixture.db) == ["session": nil, "message": "No active session"])
        let id = try fixture.createSession()
        #expect(try SessionsDomain.active(fixture.db)["id"]?.intValue == id)
    }

    @Test func unknownIdsAreNotFound() throws {
        let fixture = try DomainFixture()
        for id: Int64 in [0, -1, 42, .max] {
            #expect(expectAPIError { _ = try SessionsDomain.get(fixture.db, id: id) }?.body == ["error": "Session not found"])
        }
    }
}
