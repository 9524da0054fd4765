import CSQLite
import Glibc

/// One open SQLite database file, used from one thread only.
///
/// Thread confinement: the connection is opened with `SQLITE_OPEN_NOMUTEX`, so
/// SQLite does no locking of its own and two threads using it at once would
/// corrupt its state. The type is deliberately *not* `Sendable`: Swift 6 then
/// refuses to let it cross threads, which is the confinement rule enforced by
/// the compiler. In a service the only owner is `DatabaseWorker`, which opens
/// it on its own thread and never lets it out.
///
/// Durability settings applied on open (see `configure()`):
/// - `journal_mode=WAL` — readers never block the writer, and a commit appends
///   to one file instead of rewriting pages in place.
/// - `synchronous=FULL` — in WAL mode `NORMAL` already survives `kill -9` (the
///   WAL is in the OS page cache), but a power loss can drop the last commits
///   because the WAL is only fsynced at checkpoints. `FULL` fsyncs the WAL on
///   every commit, so a 2xx reply really means "on disk". Group commit in
///   `DatabaseWorker` is what keeps that affordable.
/// - `foreign_keys=ON` — SQLite ships with foreign keys off for compatibility.
/// - busy timeout 5 s — another process (backup, sqlite3 shell) holding the
///   lock makes us wait briefly instead of failing at once; past that the
///   error surfaces with `isBusy`.
public final class SQLiteConnection {
    public let path: String
    private(set) var handle: OpaquePointer?
    /// Prepared statements keyed by their exact SQL text (see `+Query`).
    var statements: [String: PreparedStatement] = [:]

    public init(path: String) throws {
        self.path = path
        var db: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let code = sqlite3_open_v2(path, &db, flags, nil)
        guard code == SQLITE_OK, let db else {
            let error = SQLiteError(code: code, connection: db, sql: nil)
            sqlite3_close_v2(db)  // SQLite hands out a handle even when open fails
            throw error
        }
        handle = db
        do {
            try refuseReadOnlyFallback(db)
            try configure(db)
        } catch {
            close()
            throw error
        }
    }

    deinit { close() }

    /// Asked for read-write, SQLite quietly opens a file it cannot write
    /// read-only instead, and the first write fails much later — or, in
    /// WAL mode, the open fails for a missing `-shm` with a misleading
    /// "unable to open database file". A service needs to write, so say
    /// what is wrong at once.
    private func refuseReadOnlyFallback(_ db: OpaquePointer) throws {
        guard sqlite3_db_readonly(db, "main") == 1 else { return }
        let reason = access(path, W_OK) == 0 ? 0 : errno
        let detail = reason == 0 ? "" : ": " + String(cString: strerror(reason))
        throw SQLiteError(code: SQLITE_READONLY, message: "\(path) can only be opened read-only\(detail)",
                          systemErrno: reason)
    }

    private func configure(_ db: OpaquePointer) throws {
        // Extended codes (SQLITE_CONSTRAINT_UNIQUE, SQLITE_BUSY_SNAPSHOT…) make
        // logs useful; `SQLiteError.code` still exposes the primary code.
        sqlite3_extended_result_codes(db, 1)
        // Set first: switching to WAL itself needs a lock another process may hold.
        sqlite3_busy_timeout(db, 5000)

        let mode = try query("PRAGMA journal_mode=WAL").first?[0]
        // Only an in-memory database (empty file name) may legitimately refuse WAL.
        let inMemory = sqlite3_db_filename(db, "main").map { $0.pointee == 0 } ?? true
        guard mode == .text("wal") || (inMemory && mode == .text("memory")) else {
            throw SQLiteError.misuse("could not enable WAL (journal_mode is \(String(describing: mode)))",
                                     sql: "PRAGMA journal_mode=WAL")
        }
        try execute("PRAGMA synchronous=FULL")
        try execute("PRAGMA foreign_keys=ON")
        // 32 MiB of page cache (the default is 2 MiB): a big transaction — a
        // 100,000-message chat import writes ~25 MiB of rows and index pages
        // — otherwise spills pages to the WAL and reads them back mid-way.
        // Pages are allocated as used, so an idle service costs nothing.
        try execute("PRAGMA cache_size=-32768")
    }

    /// Runs fixed SQL — DDL, pragmas, several statements separated by `;` — with
    /// no parameters. Anything that carries a value goes through `run`/`query`
    /// with bindings instead, so there is never a reason to build this string
    /// from input.
    public func execute(_ sql: String) throws {
        let db = try openHandle(sql)
        var message: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(db, sql, nil, nil, &message)
        defer { sqlite3_free(message) }
        guard code == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(code))
            throw SQLiteError(code: code, extendedCode: sqlite3_extended_errcode(db), message: text, sql: sql,
                              systemErrno: sqlite3_system_errno(db))
        }
    }

    /// The rowid of the last successful INSERT on this connection.
    public var lastInsertRowID: Int64 {
        handle.map { sqlite3_last_insert_rowid($0) } ?? 0
    }

    /// True between BEGIN and COMMIT/ROLLBACK (or inside an outermost SAVEPOINT).
    public var isInTransaction: Bool {
        handle.map { sqlite3_get_autocommit($0) == 0 } ?? false
    }

    /// Finalizes every cached statement and closes the file. Idempotent; also
    /// run by `deinit`. An open transaction is rolled back by SQLite.
    public func close() {
        guard let db = handle else { return }
        for statement in statements.values {
            statement.finalize()
        }
        statements = [:]
        sqlite3_close_v2(db)
        handle = nil
    }

    func openHandle(_ sql: String?) throws -> OpaquePointer {
        guard let handle else { throw SQLiteError.misuse("connection is closed", sql: sql) }
        return handle
    }
}
