import CSQLite

/// A compiled statement: binding values in, stepping, reading columns out.
///
/// Internal on purpose: callers only see `query`/`run`, so a statement can
/// never be left half-stepped, holding a read lock, between two calls.
struct PreparedStatement {
    let pointer: OpaquePointer
    let sql: String
    private let db: OpaquePointer

    /// Compiles exactly one statement. Trailing text other than whitespace or
    /// `;` is an error rather than silently ignored (`sqlite3_prepare` stops at
    /// the first statement), so `"…; DROP TABLE x"` can never half-run.
    init(sql: String, db: OpaquePointer) throws {
        var statement: OpaquePointer?
        var trailing = ""
        let code = sql.withCString { text in
            var tail: UnsafePointer<CChar>?
            let code = sqlite3_prepare_v3(db, text, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, &tail)
            if let tail { trailing = String(cString: tail) }
            return code
        }
        guard code == SQLITE_OK else { throw SQLiteError(code: code, connection: db, sql: sql) }
        guard let statement else { throw SQLiteError.misuse("no SQL statement", sql: sql) }
        guard trailing.allSatisfy({ $0.isWhitespace || $0 == ";" }) else {
            sqlite3_finalize(statement)
            throw SQLiteError.misuse("only one statement allowed; use execute() for scripts", sql: sql)
        }
        self.pointer = statement
        self.sql = sql
        self.db = db
    }

    func bind(_ values: [SQLiteValue]) throws {
        let expected = Int(sqlite3_bind_parameter_count(pointer))
        guard values.count == expected else {
            throw SQLiteError.misuse("statement has \(expected) parameters, got \(values.count) values", sql: sql)
        }
        for (offset, value) in values.enumerated() {
            let code = bind(value, at: Int32(offset + 1))
            guard code == SQLITE_OK else { throw SQLiteError(code: code, connection: db, sql: sql) }
        }
    }

    private func bind(_ value: SQLiteValue, at index: Int32) -> Int32 {
        switch value {
        case .null:
            return sqlite3_bind_null(pointer, index)
        case .integer(let number):
            return sqlite3_bind_int64(pointer, index, number)
        case .real(let number):
            return sqlite3_bind_double(pointer, index, number)
        case .text(var text):
            // Explicit length: text may contain NUL. An empty string must not be
            // passed as a nil pointer, which SQLite would bind as NULL.
            return text.withUTF8 { bytes in
                guard let base = bytes.baseAddress, !bytes.isEmpty else {
                    return sqlite3_bind_text64(pointer, index, "", 0, sqliteTransient, UInt8(SQLITE_UTF8))
                }
                return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                    sqlite3_bind_text64(pointer, index, $0, UInt64(bytes.count), sqliteTransient, UInt8(SQLITE_UTF8))
                }
            }
        case .blob(let bytes):
            return bytes.withUnsafeBytes { raw in
                // Same trap as text: a nil pointer would bind NULL, not an empty blob.
                guard let base = raw.baseAddress, !raw.isEmpty else {
                    return sqlite3_bind_zeroblob(pointer, index, 0)
                }
                return sqlite3_bind_blob64(pointer, index, base, UInt64(raw.count), sqliteTransient)
            }
        }
    }

    /// Advances one row: true for a row, false when done.
    func step() throws -> Bool {
        switch sqlite3_step(pointer) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        case let code: throw SQLiteError(code: code, connection: db, sql: sql)
        }
    }

    func columns() -> SQLiteColumns {
        let count = sqlite3_column_count(pointer)
        return SQLiteColumns(names: (0..<count).map { String(cString: sqlite3_column_name(pointer, $0)) })
    }

    func values() -> [SQLiteValue] {
        (0..<sqlite3_column_count(pointer)).map(value(at:))
    }

    private func value(at index: Int32) -> SQLiteValue {
        switch sqlite3_column_type(pointer, index) {
        case SQLITE_INTEGER:
            return .integer(sqlite3_column_int64(pointer, index))
        case SQLITE_FLOAT:
            return .real(sqlite3_column_double(pointer, index))
        case SQLITE_TEXT:
            // Pointer first, then length: that order is what SQLite documents.
            guard let text = sqlite3_column_text(pointer, index) else { return .text("") }
            let count = Int(sqlite3_column_bytes(pointer, index))
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            guard let blob = sqlite3_column_blob(pointer, index) else { return .blob([]) }
            let count = Int(sqlite3_column_bytes(pointer, index))
            return .blob(Array(UnsafeRawBufferPointer(start: blob, count: count)))
        default:
            return .null
        }
    }

    /// Makes the statement reusable and drops its copies of bound values
    /// (a large blob should not stay in memory until the next use).
    func reset() {
        sqlite3_reset(pointer)
        sqlite3_clear_bindings(pointer)
    }

    func finalize() {
        sqlite3_finalize(pointer)
    }
}

/// `SQLITE_TRANSIENT` is a cast macro Swift cannot import. It tells SQLite to
/// copy the bytes before the bind call returns, which is required because the
/// Swift buffers are only valid inside `withUTF8`/`withUnsafeBytes`.
private var sqliteTransient: sqlite3_destructor_type {
    unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)
}
