import CSQLite
import Glibc

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
    /// The `errno` of the failed system call behind an I/O error (ENOSPC,
    /// EROFS, EIO…), 0 when SQLite made no such call; it tells a full disk
    /// from a read-only one when SQLite says only SQLITE_IOERR_WRITE.
    public let systemErrno: Int32

    public init(code: Int32, extendedCode: Int32? = nil, message: String, sql: String? = nil,
                systemErrno: Int32 = 0) {
        self.code = code & 0xFF
        self.extendedCode = extendedCode ?? code
        self.message = message
        self.sql = sql
        self.systemErrno = systemErrno
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
        var reason = connection.map { sqlite3_system_errno($0) } ?? 0
        if reason == 0, code & 0xFF == SQLITE_IOERR, let connection {
            reason = Self.readOnlyProbe(connection)
        }
        self.init(code: code, extendedCode: extended, message: message, sql: sql, systemErrno: reason)
    }

    /// SQLite does not always keep the `errno` of a failed write (a COMMIT
    /// on a file system the kernel has just turned read-only reports
    /// SQLITE_IOERR_WRITE with none), so ask the file system: EROFS when the
    /// database file can no longer be opened for writing, else 0 (unknown).
    /// An open, not `access(2)`: ext4's emergency read-only state (after an
    /// error with errors=remount-ro) refuses opens for writing but leaves
    /// the superblock flag that `access` looks at alone. Opening without
    /// O_TRUNC/O_CREAT changes nothing.
    private static func readOnlyProbe(_ connection: OpaquePointer) -> Int32 {
        guard let name = sqlite3_db_filename(connection, "main"), name.pointee != 0 else { return 0 }
        let descriptor = open(name, O_WRONLY | O_CLOEXEC)
        guard descriptor < 0 else {
            close(descriptor)
            return 0
        }
        return errno == EROFS ? EROFS : 0
    }

    /// An error raised by this module itself rather than by SQLite.
    static func misuse(_ message: String, sql: String? = nil) -> SQLiteError {
        SQLiteError(code: SQLITE_MISUSE, message: message, sql: sql)
    }
}

extension SQLiteError: CustomStringConvertible {
    public var description: String {
        var text = "SQLite error \(extendedCode): \(message)"
        if systemErrno != 0 { text += " (errno \(systemErrno))" }
        if let sql { text += " [SQL: \(sql)]" }
        return text
    }
}
