import Testing
import Storage

struct BindingTests {
    static let values: [SQLiteValue] = [
        .null,
        .integer(0), .integer(-1), .integer(Int64.min), .integer(Int64.max),
        .real(3.5), .real(-0.25), .real(Double.greatestFiniteMagnitude), .real(Double.leastNonzeroMagnitude),
        .text(""), .text("plain"), .text("nul\u{0}inside\u{0}"), .text("héllo 🎲 日本語 \u{1F600}"),
        .blob([]), .blob([0, 255, 0, 1]),
    ]

    @Test(arguments: values)
    func everyValue_RoundTripsThroughATable(_ value: SQLiteValue) throws {
        try TemporaryDatabase.with { database in
            let db = try SQLiteConnection(path: database.path)
            // No declared type: no affinity, so SQLite stores exactly what was bound.
            try db.execute("CREATE TABLE t(v)")
            try db.run("INSERT INTO t(v) VALUES (?)", [value])
            let rows = try db.query("SELECT v FROM t WHERE rowid = ?", [.integer(db.lastInsertRowID)])
            #expect(rows.count == 1)
            #expect(rows.first?["v"] == value)
        }
    }

    @Test func largeBlob_RoundTripsByteForByte() throws {
        try TemporaryDatabase.with { database in
            let db = try SQLiteConnection(path: database.path)
            let bytes = (0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
            #expect(try db.query("SELECT ? AS b", [.blob(bytes)]).first?.blob("b") == bytes)
        }
    }

    @Test func emptyTextAndEmptyBlob_AreNotStoredAsNull() throws {
        try TemporaryDatabase.with { database in
            let db = try SQLiteConnection(path: database.path)
            let row = try #require(try db.query("SELECT typeof(?) AS a, typeof(?) AS b", ["", .blob([])]).first)
            #expect(row.string("a") == "text")
            #expect(row.string("b") == "blob")
        }
    }

    @Test func textWithNUL_KeepsItsFullLength() throws {
        try TemporaryDatabase.with { database in
            let db = try SQLiteConnection(path: database.path)
            let row = try #require(try db.query("SELECT length(CAST(? AS BLOB)) AS n", ["a\u{0}b"]).first)
            #expect(row.int("n") == 3)
        }
    }

    @Test func injectionAttempt_InABoundValue_IsStoredAsData() throws {
        try TemporaryDatabase.with { database in
            let db = try SQLiteConnection(path: database.path)
            try db.execute("CREATE TABLE users(name TEXT)")
            let hostile = "x'); DROP TABLE users; --"
            try db.run("INSERT INTO users(name) VALUES (?)", [.text(hostile)])
            let stored = try db.query("SELECT name FROM users").map { $0.string("name") }
            #expect(stored == [hostile])
            #expect(try db.query("SELECT name FROM users WHERE name = ?", ["' OR 1=1 --"]).isEmpty)
        }
    }

    @Test func sameSQL_ReusesOneCachedStatement_WithFreshBindings() throws {
        try TemporaryDatabase.with { database in
            let db = try SQLiteConnection(path: database.path)
            let sql = "SELECT ? + 1 AS n"
            let before = db.cachedStatementCount
            #expect(try db.query(sql, [1]).first?.int("n") == 2)
            #expect(db.cachedStatementCount == before + 1)
            #expect(try db.query(sql, [41]).first?.int("n") == 42)
            #expect(try db.query(sql, [.null]).first?["n"] == .null)
            #expect(db.cachedStatementCount == before + 1)
        }
    }

    @Test func wrongNumberOfBindings_Throws() throws {
        try TemporaryDatabase.with { database in
            let db = try SQLiteConnection(path: database.path)
            expectError(SQLiteError.self) { try db.query("SELECT ?, ?", [1]) }
            expectError(SQLiteError.self) { try db.query("SELECT 1", [1]) }
        }
    }

    @Test func secondStatementInQuery_IsRejectedNotIgnored() throws {
        try TemporaryDatabase.with { database in
            let db = try SQLiteConnection(path: database.path)
            try db.execute("CREATE TABLE t(x)")
            expectError(SQLiteError.self) { try db.run("INSERT INTO t VALUES (1); DROP TABLE t") }
            #expect(try db.query("SELECT count(*) AS n FROM t").first?.int("n") == 0)
            #expect(try db.run("INSERT INTO t VALUES (1);  ") == 1)  // a trailing ';' is fine
        }
    }
}
