import Testing
import Storage

struct MigrationsTests {
    static let steps = [
        "CREATE TABLE games(id INTEGER PRIMARY KEY, title TEXT NOT NULL)",
        "ALTER TABLE games ADD COLUMN players INTEGER NOT NULL DEFAULT 2; CREATE INDEX games_title ON games(title)",
    ]

    private func tableNames(_ db: SQLiteConnection) throws -> [String] {
        try db.query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            .compactMap { $0.string("name") }
    }

    @Test func freshDatabase_GetsAllSteps_AndVersionEqualsStepCount() throws {
        try TemporaryDatabase.with { database in
            let db = try SQLiteConnection(path: database.path)
            #expect(try Migrations.version(of: db) == 0)
            #expect(try Migrations.migrate(db, Self.steps) == 2)
            #expect(try Migrations.version(of: db) == 2)
            try db.run("INSERT INTO games(title) VALUES ('Go')")
            #expect(try db.query("SELECT players FROM games").first?.int("players") == 2)
        }
    }

    @Test func reopening_AppliesNothingTwice() throws {
        try TemporaryDatabase.with { database in
            try Migrations.migrate(try SQLiteConnection(path: database.path), Self.steps)
            let db = try SQLiteConnection(path: database.path)
            #expect(try Migrations.migrate(db, Self.steps) == 0)
            #expect(try Migrations.migrate(db, Self.steps) == 0)
            #expect(try Migrations.version(of: db) == 2)
        }
    }

    @Test func newStep_IsAppliedAlone() throws {
        try TemporaryDatabase.with { database in
            let db = try SQLiteConnection(path: database.path)
            try Migrations.migrate(db, Array(Self.steps.prefix(1)))
            #expect(try Migrations.version(of: db) == 1)
            #expect(try Migrations.migrate(db, Self.steps) == 1)
            #expect(try Migrations.version(of: db) == 2)
        }
    }

    @Test func failingStep_RollsBackThatWholeStep_AndKeepsEarlierOnes() throws {
        try TemporaryDatabase.with { database in
            let db = try SQLiteConnection(path: database.path)
            let steps = [
                "CREATE TABLE first(x)",
                "CREATE TABLE second(x); INSERT INTO no_such_table VALUES (1)",
                "CREATE TABLE third(x)",
            ]
            let error = expectError(MigrationError.self) { try Migrations.migrate(db, steps) }
            guard case .stepFailed(let step, let underlying) = error else {
                Issue.record("unexpected \(String(describing: error))")
                return
            }
            #expect(step == 2)
            #expect(underlying is SQLiteError)
            #expect(try Migrations.version(of: db) == 1)
            #expect(try tableNames(db) == ["first"])  // not even "second"'s first statement stayed
            #expect(!db.isInTransaction)
        }
    }

    @Test func databaseFromNewerBuild_IsRefused() throws {
        try TemporaryDatabase.with { database in
            let db = try SQLiteConnection(path: database.path)
            try Migrations.migrate(db, Self.steps)
            let error = expectError(MigrationError.self) {
                try Migrations.migrate(db, Array(Self.steps.prefix(1)))
            }
            guard case .databaseIsNewer(let found, let known) = error else {
                Issue.record("unexpected \(String(describing: error))")
                return
            }
            #expect(found == 2 && known == 1)
            #expect(try Migrations.version(of: db) == 2)
        }
    }
}
