import CSQLite

/// A failed SQLite call, with enough context to act on it and to log it.
///
/// `code` is the primary result code (`SQLITE_CONSTRAINT`, `SQLITE_BUSY`, …)
/// that callers branch on; `extendedCode` keeps the detail
/// (`SQLITE_CONSTRAINT_UNIQUE` vs `_FOREIGNKEY`) for logs. The SQL text is kept
/// because "constraint failed" without the statement is useless at 3 a.m.;
/// bound values are deliberately not kept, they may be user data.
public struct SQLiteError: Error, Sendable, Equatable {
    public let code: Int32
    public let extendedCode: Int32
    public let message: String
    public let sql: String?

    public init(code: Int32, extendedCode: Int32? = nil, message: String, sql: String? = nil) {
        self.code = code & 0xFF
        self.extendedCode = extendedCode ?? code
        self.message = message
        self.sql = sql
    }

    /// A UNIQUE, PRIMARY KEY, NOT NULL, CHECK or FOREIGN KEY rule said no:
    /// the request was wrong, not the database, so callers usually map this to
    /// a 409/422 rather than a 500.
    public var isConstraintViolation: Bool { code == SQLITE_CONSTRAINT }

    /// Another connection (another process, a backup, the sqlite3 shell) held
    /// the lock longer than the busy timeout. Retrying later can succeed.
    public var isBusy: Bool { code == SQLITE_BUSY }
}

extension SQLiteError {
    /// Captures the connection's current error. Must be called right after the
    /// failing call, before anything else runs on that connection.
    init(code: Int32, connection: OpaquePointer?, sql: String?) {
        let message = connection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
            ?? String(cString: sqlite3_errstr(code))
        let extended = connection.map { sqlite3_extended_errcode($0) } ?? code
        self.init(code: code, extendedCode: extended, message: message, sql: sql)
    }

    /// An error raised by this module itself rather than by SQLite.
    static func misuse(_ message: String, sql: String? = nil) -> SQLiteError {
        SQLiteError(code: SQLITE_MISUSE, message: message, sql: sql)
    }
}

extension SQLiteError: CustomStringConvertible {
    public var description: String {
        var text = "SQLite error \(extendedCode): \(message)"
        if let sql { text += " [SQL: \(sql)]" }
        return text
    }
}
