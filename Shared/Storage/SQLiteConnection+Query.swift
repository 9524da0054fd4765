import CSQLite

extension SQLiteConnection {
    /// Statements are cached by SQL text; past this many distinct texts the
    /// cache is emptied. Services use a fixed set of statements, so hitting the
    /// cap means someone is building SQL dynamically — bounded, not leaked.
    static let statementCacheLimit = 128

    /// Runs one statement and returns all of its rows.
    public func query(_ sql: String, _ bindings: [SQLiteValue] = []) throws -> [SQLiteRow] {
        let statement = try prepared(sql)
        defer { statement.reset() }
        try statement.bind(bindings)
        var rows: [SQLiteRow] = []
        var columns: SQLiteColumns?
        while try statement.step() {
            let shared = columns ?? statement.columns()
            columns = shared
            rows.append(SQLiteRow(columns: shared, values: statement.values()))
        }
        return rows
    }

    /// Runs one statement for its effect and returns how many rows it changed
    /// (meaningful for INSERT/UPDATE/DELETE; SQLite reports the previous count
    /// for other statements). Rows a SELECT would return are discarded.
    @discardableResult
    public func run(_ sql: String, _ bindings: [SQLiteValue] = []) throws -> Int {
        let statement = try prepared(sql)
        defer { statement.reset() }
        try statement.bind(bindings)
        while try statement.step() {}
        return Int(sqlite3_changes(try openHandle(sql)))
    }

    /// The number of statements currently compiled and cached.
    public var cachedStatementCount: Int { statements.count }

    private func prepared(_ sql: String) throws -> PreparedStatement {
        if let cached = statements[sql] { return cached }
        let statement = try PreparedStatement(sql: sql, db: try openHandle(sql))
        if statements.count >= Self.statementCacheLimit {
            statements.values.forEach { $0.finalize() }
            statements.removeAll(keepingCapacity: true)
        }
        statements[sql] = statement
        return statement
    }
}
