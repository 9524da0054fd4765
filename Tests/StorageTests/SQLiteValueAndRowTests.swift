import Testing
import Storage

struct SQLiteValueAndRowTests {
    @Test func literals_MapToTheirStorageClass() {
        let values: [SQLiteValue] = [42, 1.5, "text", nil, true, false]
        #expect(values == [.integer(42), .real(1.5), .text("text"), .null, .integer(1), .integer(0)])
    }

    @Test func optionalInitialisers_MapNilToNull() {
        let noInt: Int? = nil
        let noString: String? = nil
        #expect(SQLiteValue(noInt) == .null)
        #expect(SQLiteValue(noString) == .null)
        #expect(SQLiteValue(Int?.some(7)) == .integer(7))
        #expect(SQLiteValue(String?.some("s")) == .text("s"))
        #expect(SQLiteValue(Bool?.some(true)) == .integer(1))
    }

    @Test func typedGetters_ReadByColumnName() throws {
        try TemporaryDatabase.with { database in
            let db = try SQLiteConnection(path: database.path)
            let row = try #require(try db.query(
                "SELECT 7 AS i, 2.5 AS r, 'hi' AS s, x'0102' AS b, 1 AS flag, NULL AS absent").first)
            #expect(row.int("i") == 7)
            #expect(row.double("r") == 2.5)
            #expect(row.double("i") == 7)  // integers widen to Double
            #expect(row.string("s") == "hi")
            #expect(row.blob("b") == [1, 2])
            #expect(row.bool("flag") == true)
            #expect(row.int("absent") == nil)
            #expect(row.string("i") == nil)  // no silent conversion to text
            #expect(row["missing"] == .null)
            #expect(row.columns.names == ["i", "r", "s", "b", "flag", "absent"])
        }
    }

    @Test func rowsOfOneResult_ShareOneColumnTable() throws {
        try TemporaryDatabase.with { database in
            let db = try SQLiteConnection(path: database.path)
            let rows = try db.query("SELECT value AS v FROM (SELECT 1 AS value UNION ALL SELECT 2)")
            #expect(rows.count == 2)
            #expect(rows[0].columns === rows[1].columns)
            let values = rows.map { $0.int("v") }
            #expect(values == [1, 2])
        }
    }
}
