import Testing
import Storage

struct TransactionTests {
    struct Boom: Error {}

    private func makeTable(_ db: SQLiteConnection) throws {
        try db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL)")
    }

    private func names(_ db: SQLiteConnection) throws -> [String] {
        try db.query("SELECT name FROM t ORDER BY id").compactMap { $0.string("name") }
    }

    @Test func transaction_CommitsWhenBodyReturns() throws {
        try TemporaryDatabase.with { database in
            let db = try SQLiteConnection(path: database.path)
            try makeTable(db)
            let id = try db.transaction {
                try db.run("INSERT INTO t(name) VALUES (?)", ["a"])
                return db.lastInsertRowID
            }
            #expect(id == 1)
            #expect(!db.isInTransaction)
            #expect(try names(db) == ["a"])
        }
    }

    @Test func transaction_RollsBackEverythingWhenBodyThrows() throws {
        try TemporaryDatabase.with { database in
            let db = try SQLiteConnection(path: database.path)
            try makeTable(db)
            expectError(Boom.self) {
                try db.transaction {
                    try db.run("INSERT INTO t(name) VALUES (?)", ["a"])
                    try db.run("INSERT INTO t(name) VALUES (?)", ["b"])
                    throw Boom()
                }
            }
            #expect(!db.isInTransaction)
            #expect(try names(db).isEmpty)
        }
    }

    @Test func nestedSavepoints_UndoOnlyTheFailingLevel() throws {
        try TemporaryDatabase.with { database in
            let db = try SQLiteConnection(path: database.path)
            try makeTable(db)
            try db.transaction {
                try db.run("INSERT INTO t(name) VALUES ('outer')")
                try db.savepoint("level1") {
                    try db.run("INSERT INTO t(name) VALUES ('level1')")
                    expectError(Boom.self) {
                        try db.savepoint("level2") {
                            try db.run("INSERT INTO t(name) VALUES ('level2')")
                            throw Boom()
                        }
                    }
                    // Same name again: allowed, the innermost one is meant.
                    try db.savepoint("level1") {
                        try db.run("INSERT INTO t(name) VALUES ('level1-again')")
                    }
                }
                expectError(Boom.self) {
                    try db.savepoint("weird \"name\"") {
                        try db.run("INSERT INTO t(name) VALUES ('quoted')")
                        throw Boom()
                    }
                }
            }
            #expect(try names(db) == ["outer", "level1", "level1-again"])
        }
    }

    @Test func transactionInsideTransaction_NestsAsSavepoint() throws {
        try TemporaryDatabase.with { database in
            let db = try SQLiteConnection(path: database.path)
            try makeTable(db)
            try db.transaction {
                try db.run("INSERT INTO t(name) VALUES ('kept')")
                expectError(Boom.self) {
                    try db.transaction {
                        try db.run("INSERT INTO t(name) VALUES ('undone')")
                        throw Boom()
                    }
                }
                #expect(db.isInTransaction)
            }
            #expect(try names(db) == ["kept"])
        }
    }

    @Test func uniqueViolation_IsReportedAsConstraintViolation() throws {
        try TemporaryDatabase.with { database in
            let db = try SQLiteConnection(path: database.path)
            try makeTable(db)
            try db.run("INSERT INTO t(name) VALUES ('a')")
            let error = expectError(SQLiteError.self) {
                try db.run("INSERT INTO t(name) VALUES ('a')")
            }
            #expect(error?.isConstraintViolation == true)
            #expect(error?.isBusy == false)
            #expect(error?.extendedCode == 2067)  // SQLITE_CONSTRAINT_UNIQUE
            #expect(error?.sql == "INSERT INTO t(name) VALUES ('a')")
        }
    }

    @Test func foreignKeys_AreEnforced() throws {
        try TemporaryDatabase.with { database in
            let db = try SQLiteConnection(path: database.path)
            try db.execute("""
                CREATE TABLE parent(id INTEGER PRIMARY KEY);
                CREATE TABLE child(parent_id INTEGER NOT NULL REFERENCES parent(id));
                """)
            let error = expectError(SQLiteError.self) {
                try db.run("INSERT INTO child(parent_id) VALUES (?)", [99])
            }
            #expect(error?.isConstraintViolation == true)
            #expect(error?.extendedCode == 787)  // SQLITE_CONSTRAINT_FOREIGNKEY
        }
    }

    @Test func beginWhileAnotherConnectionWrites_SurfacesAsBusy() throws {
        try TemporaryDatabase.with { database in
            let writer = try SQLiteConnection(path: database.path)
            let other = try SQLiteConnection(path: database.path)
            try other.execute("PRAGMA busy_timeout = 0")  // fail now instead of after 5 s
            try writer.execute("CREATE TABLE t(x)")
            try writer.transaction {
                try writer.run("INSERT INTO t VALUES (1)")
                let error = expectError(SQLiteError.self) {
                    try other.transaction { try other.run("INSERT INTO t VALUES (2)") }
                }
                #expect(error?.isBusy == true)
                #expect(!other.isInTransaction)
            }
            let values = try other.query("SELECT x FROM t").map { $0.int("x") }
            #expect(values == [1])
        }
    }
}
