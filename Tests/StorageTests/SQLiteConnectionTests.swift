import Testing
import Storage

struct SQLiteConnectionTests {
    @Test func open_EnablesWAL_FullSync_AndForeignKeys() throws {
        try TemporaryDatabase.with { database in
            let db = try SQLiteConnection(path: database.path)
            #expect(try db.query("PRAGMA journal_mode").first?.string("journal_mode") == "wal")
            #expect(try db.query("PRAGMA synchronous").first?.int("synchronous") == 2)
            #expect(try db.query("PRAGMA foreign_keys").first?.int("foreign_keys") == 1)
            #expect(try db.query("PRAGMA busy_timeout").first?[0] == .integer(5000))
        }
    }

    @Test func open_InMissingDirectory_Throws() {
        expectError(SQLiteError.self) {
            try SQLiteConnection(path: "/nonexistent-dir-\(UInt64.random(in: 0...UInt64.max))/db.sqlite")
        }
    }

    @Test func execute_RunsSeveralStatements_AndReportsSQLOnError() throws {
        try TemporaryDatabase.with { database in
            let db = try SQLiteConnection(path: database.path)
            try db.execute("CREATE TABLE a(x); CREATE TABLE b(y);")
            #expect(try db.query("SELECT count(*) AS n FROM sqlite_master").first?.int("n") == 2)

            let error = expectError(SQLiteError.self) { try db.execute("CREATE TABLE a(x)") }
            #expect(error?.sql == "CREATE TABLE a(x)")
            #expect(error?.message.contains("already exists") == true)
        }
    }

    @Test func run_ReturnsChangedRowCount_AndLastInsertRowID() throws {
        try TemporaryDatabase.with { database in
            let db = try SQLiteConnection(path: database.path)
            try db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v)")
            #expect(try db.run("INSERT INTO t(v) VALUES (?), (?)", [1, 2]) == 2)
            #expect(db.lastInsertRowID == 2)
            #expect(try db.run("UPDATE t SET v = v + 1") == 2)
            #expect(try db.run("DELETE FROM t WHERE v = ?", [3]) == 1)
        }
    }

    @Test func closedConnection_ThrowsInsteadOfCrashing() throws {
        try TemporaryDatabase.with { database in
            let db = try SQLiteConnection(path: database.path)
            db.close()
            db.close()  // idempotent
            expectError(SQLiteError.self) { try db.query("SELECT 1") }
            expectError(SQLiteError.self) { try db.execute("SELECT 1") }
        }
    }
}
