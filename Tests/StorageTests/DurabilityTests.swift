import Foundation
import Testing
import Storage

/// kill -9 and power loss are tested at integration level; these check the
/// in-process half of the promise: an acknowledged write is in the files.
struct DurabilityTests {
    static let schema = ["CREATE TABLE votes(id INTEGER PRIMARY KEY, choice TEXT NOT NULL)"]

    @Test func acknowledgedWrite_SurvivesReopening() throws {
        try TemporaryDatabase.with { database in
            let worker = try DatabaseWorker(path: database.path, migrations: Self.schema)
            let ack = Pending<Int>()
            worker.write({ db in try db.run("INSERT INTO votes(choice) VALUES (?)", ["catan"]) }, completion: ack.complete)
            #expect(try ack.wait().get() == 1)
            worker.shutdown()

            let reopened = try DatabaseWorker(path: database.path, migrations: Self.schema)
            defer { reopened.shutdown() }
            let choices = try reopened.sync { db in try db.query("SELECT choice FROM votes").compactMap { $0.string("choice") } }
            #expect(choices == ["catan"])
            let version = try reopened.sync { db in try Migrations.version(of: db) }
            #expect(version == 1)
        }
    }

    /// Copying the files while the worker still has them open is what a crash
    /// leaves behind: no close, no checkpoint, only what reached the files.
    @Test func acknowledgedWrite_IsInTheFiles_BeforeAnyClose() throws {
        try TemporaryDatabase.with { database in
            let worker = try DatabaseWorker(path: database.path, migrations: Self.schema)
            defer { worker.shutdown() }
            let ack = Pending<Int>()
            worker.write({ db in try db.run("INSERT INTO votes(choice) VALUES (?)", ["azul"]) }, completion: ack.complete)
            #expect(try ack.wait().get() == 1)

            let copy = database.directory.appendingPathComponent("crashed.sqlite").path
            let files = FileManager.default
            try files.copyItem(atPath: database.path, toPath: copy)
            try files.copyItem(atPath: database.path + "-wal", toPath: copy + "-wal")

            let survivor = try SQLiteConnection(path: copy)
            let choices = try survivor.query("SELECT choice FROM votes").compactMap { $0.string("choice") }
            #expect(choices == ["azul"])
        }
    }
}
