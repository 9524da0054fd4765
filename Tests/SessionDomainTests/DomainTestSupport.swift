import Contracts
import Glibc
import JSON
import Storage
import TestSupport
import Testing
@testable import session_service

/// A fresh migrated sessions.db in a temp directory, plus helpers to run
/// domain functions the way the worker does (inside a transaction).
final class DomainFixture {
    private let storage: TemporaryDatabase
    var db: SQLiteConnection { storage.db }
    private var clock: Int64 = 1_773_601_200_000  // 2026-03-15T19:00:00.000Z

    init() throws {
        storage = try TemporaryDatabase(file: "sessions.db", migrations: SessionSchema.migrations)
    }

    /// Each call is one millisecond after the previous one.
    func now() -> String {
        clock += 1
        return Timestamp.format(milliseconds: clock)
    }

    @discardableResult
    func write(_ body: (SQLiteConnection, String) throws -> SessionsDomain.Outcome) throws -> SessionsDomain.Outcome {
        let now = now()
        return try db.transaction { try body(db, now) }
    }

    func addGame(title: String = "Quiplash 3", pack: String = "The Jackbox Party Pack 7", min: Int64 = 3,
                 max: Int64 = 8) throws -> Int64 {
        let outcome = try write { db, now in
            try GamesCatalogue.create(db, body: ["pack_name": .string(pack), "title": .string(title),
                                                 "min_players": .int(min), "max_players": .int(max)], now: now)
        }
        return outcome.body["id"]!.intValue!
    }

    /// Adds `game` to `session`; the new session game's id.
    @discardableResult
    func addToSession(_ session: Int64, game: Int64) throws -> Int64 {
        try write { db, now in
            try SessionGamesDomain.add(db, sessionID: session, body: ["game_id": .int(game)], now: now, monitors: .single)
        }.body["id"]!.intValue!
    }

    func createSession(notes: String? = nil) throws -> Int64 {
        let outcome = try write { db, now in
            try SessionsDomain.create(db, body: notes.map { ["notes": .string($0)] } ?? [:], now: now)
        }
        return outcome.body["id"]!.intValue!
    }
}


extension MonitorCommands {
    /// One monitor-service instance, as `make run` starts by default.
    static let single = MonitorCommands(instances: 1)
}
