import CSQLite
import Glibc
import Testing
import Storage

/// Which SQLite errors are the disk's fault (a 503 for the client), and a
/// worker that hit a full database carrying on once there is room again.
struct StorageFaultTests {
    @Test func full_FromSQLiteFullOrAnIOErrorWithENOSPC() {
        #expect(StorageFault(SQLiteError(code: SQLITE_FULL, message: "database or disk is full")) == .full)
        let write = SQLiteError(code: SQLITE_IOERR, extendedCode: SQLITE_IOERR | (3 << 8), message: "disk I/O error",
                                systemErrno: ENOSPC)
        #expect(StorageFault(write) == .full)
    }

    @Test func readOnly_FromSQLiteReadOnlyOrAWriteRefusedWithEROFS() {
        #expect(StorageFault(SQLiteError(code: SQLITE_READONLY, message: "readonly")) == .readOnly)
        let write = SQLiteError(code: SQLITE_IOERR, extendedCode: SQLITE_IOERR | (3 << 8), message: "disk I/O error",
                                systemErrno: EROFS)
        #expect(StorageFault(write) == .readOnly)
        #expect(StorageFault(SQLiteError(code: SQLITE_CANTOPEN, message: "cannot open", systemErrno: EROFS)) == .readOnly)
    }

    @Test func ioErrorAndCannotOpen_OtherwiseByCode() {
        #expect(StorageFault(SQLiteError(code: SQLITE_IOERR, message: "disk I/O error", systemErrno: EIO)) == .ioError)
        #expect(StorageFault(SQLiteError(code: SQLITE_IOERR, message: "disk I/O error")) == .ioError)
        #expect(StorageFault(SQLiteError(code: SQLITE_CANTOPEN, message: "cannot open", systemErrno: ENOENT))
                == .cannotOpen)
    }

    @Test func notTheDisk_ConstraintBusyMisuseAndSyntax() {
        for code in [SQLITE_CONSTRAINT, SQLITE_BUSY, SQLITE_MISUSE, SQLITE_ERROR, SQLITE_LOCKED] {
            let error = SQLiteError(code: code, message: "x", systemErrno: ENOSPC)
            #expect(StorageFault(error) == nil, "code \(code)")
        }
    }

    @Test func messages_SayWhatIsWrongWithTheStorage() {
        #expect(StorageFault.full.message == "Storage unavailable: disk full")
        #expect(StorageFault.readOnly.message == "Storage unavailable: read-only file system")
        #expect(StorageFault.ioError.message == "Storage unavailable: I/O error")
        #expect(StorageFault.cannotOpen.message == "Storage unavailable: cannot open the database")
    }

    /// `max_page_count` makes SQLite answer SQLITE_FULL exactly as a full
    /// disk does: the batch fails, nothing of it is stored, and the next
    /// write — once there is room — commits on the same worker.
    @Test func worker_AfterAFullDatabase_RollsBackAndWritesAgainOnceThereIsRoom() throws {
        try TemporaryDatabase.with { database in
            let worker = try DatabaseWorker(path: database.path, migrations: ["CREATE TABLE blobs(data BLOB NOT NULL)"])
            defer { worker.shutdown() }
            try worker.sync { db in try db.run("INSERT INTO blobs VALUES (zeroblob(1000))") }
            let pages = try worker.sync { db in try db.query("PRAGMA page_count").first?[0] }
            guard case .integer(let count)? = pages else { Issue.record("no page_count"); return }
            _ = try worker.sync { db in try db.query("PRAGMA max_page_count = \(count)") }

            let error = expectError(SQLiteError.self) {
                try worker.sync { db in try db.run("INSERT INTO blobs VALUES (zeroblob(100000))") }
            }
            #expect(error.flatMap(StorageFault.init) == .full)
            let afterFailure = try worker.sync { db in try db.query("SELECT count(*) FROM blobs").first?[0] }
            #expect(afterFailure == .integer(1))

            _ = try worker.sync { db in try db.query("PRAGMA max_page_count = 1000000") }
            try worker.sync { db in try db.run("INSERT INTO blobs VALUES (zeroblob(100000))") }
            let rows = try worker.sync { db in try db.query("SELECT count(*) FROM blobs").first?[0] }
            let check = try worker.sync { db in try db.query("PRAGMA integrity_check").first?[0] }
            #expect(rows == .integer(2))
            #expect(check == .text("ok"))
        }
    }
}
