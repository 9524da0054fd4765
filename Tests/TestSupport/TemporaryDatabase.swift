import Glibc
import Storage

/// A fresh SQLite file, migrated, in a directory of its own under /tmp;
/// the files and the directory go away with it. The domain tests' fixtures
/// are built on it.
public final class TemporaryDatabase {
    public let directory: String
    public let path: String
    public let db: SQLiteConnection

    public init(file: String, migrations: [String]) throws {
        var template = Array("/tmp/gamenight-test-XXXXXX".utf8CString)
        let created = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        directory = String(cString: created!)
        path = directory + "/" + file
        db = try SQLiteConnection(path: path)
        try Migrations.migrate(db, migrations)
    }

    deinit {
        db.close()
        for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) }
        rmdir(directory)
    }
}
