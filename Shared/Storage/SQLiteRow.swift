/// One result row: the values in column order plus the shared column table.
///
/// Reading a column that the query did not return gives `.null` (the typed
/// getters give `nil`), the same as GRDB: a row is data, and a typo in a column
/// name must not crash the database worker. Tests are where typos get caught.
public struct SQLiteRow: Sendable {
    public let columns: SQLiteColumns
    public let values: [SQLiteValue]

    init(columns: SQLiteColumns, values: [SQLiteValue]) {
        self.columns = columns
        self.values = values
    }

    public subscript(_ name: String) -> SQLiteValue {
        guard let position = columns.position(of: name) else { return .null }
        return values[position]
    }

    public subscript(_ position: Int) -> SQLiteValue {
        values[position]
    }

    public func int(_ name: String) -> Int64? {
        if case .integer(let value) = self[name] { return value }
        return nil
    }

    /// REAL columns still hand back integers for results such as `SUM` over
    /// integers, so an integer is accepted and widened.
    public func double(_ name: String) -> Double? {
        switch self[name] {
        case .real(let value): value
        case .integer(let value): Double(value)
        default: nil
        }
    }

    public func string(_ name: String) -> String? {
        if case .text(let value) = self[name] { return value }
        return nil
    }

    public func blob(_ name: String) -> [UInt8]? {
        if case .blob(let value) = self[name] { return value }
        return nil
    }

    /// Booleans are stored as integers (see `SQLiteValue.init(_: Bool?)`);
    /// any non-zero integer is true, as in SQL.
    public func bool(_ name: String) -> Bool? {
        int(name).map { $0 != 0 }
    }
}
