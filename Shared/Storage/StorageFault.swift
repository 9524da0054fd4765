import CSQLite
import Glibc

/// Why the disk, not the request, made a database call fail: the file
/// system is full, read-only, failing, or the file cannot be opened.
///
/// These are conditions of the machine that an operator fixes (free space,
/// remount, replace the disk) and that a client can only wait out, so a
/// service answers them with 503 rather than an internal error
/// (RFC 9110 §15.6.4: "temporarily unable to handle the request … due to a
/// temporary overload or scheduled maintenance"). Nothing is stored when
/// they happen: SQLite rolls the transaction back (or the commit never
/// happened), and the connection stays usable once the cause is gone.
public enum StorageFault: Sendable, Equatable {
    case full
    case readOnly
    case ioError
    case cannotOpen

    /// The fault behind `error`, or nil when the error is about the data or
    /// the statement (a constraint, a busy lock, a bug).
    ///
    /// SQLite reports ENOSPC as SQLITE_FULL, but a write refused by a
    /// read-only mount as SQLITE_IOERR_WRITE (or SQLITE_READONLY_* when it
    /// notices before writing), so the `errno` decides between them.
    public init?(_ error: SQLiteError) {
        switch error.code {
        case SQLITE_FULL: self = .full
        case SQLITE_READONLY: self = .readOnly
        case SQLITE_CANTOPEN: self = error.systemErrno == EROFS ? .readOnly : .cannotOpen
        case SQLITE_IOERR:
            switch error.systemErrno {
            case ENOSPC, EDQUOT: self = .full
            case EROFS: self = .readOnly
            default: self = .ioError
            }
        default: return nil
        }
    }

    /// The public wording, shared by every service (`{"error": …}`).
    public var message: String {
        switch self {
        case .full: "Storage unavailable: disk full"
        case .readOnly: "Storage unavailable: read-only file system"
        case .ioError: "Storage unavailable: I/O error"
        case .cannotOpen: "Storage unavailable: cannot open the database"
        }
    }
}
