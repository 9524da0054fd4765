import Dispatch
import Foundation
import Synchronization
import Testing
import Storage

struct DatabaseWorkerTests {
    static let schema = ["CREATE TABLE items(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)"]
    struct Boom: Error {}

    @Test func init_OpensAndMigratesBeforeReturning() throws {
        try TemporaryDatabase.with { database in
            let worker = try DatabaseWorker(path: database.path, migrations: Self.schema)
            defer { worker.shutdown() }
            let version = try worker.sync { db in try Migrations.version(of: db) }
            let mode = try worker.sync { db in try db.query("PRAGMA journal_mode").first?.string("journal_mode") }
            #expect(version == 1)
            #expect(mode == "wal")
        }
    }

    @Test func init_FailsFast_WhenAMigrationFails() throws {
        try TemporaryDatabase.with { database in
            let error = expectError(MigrationError.self) {
                try DatabaseWorker(path: database.path, migrations: ["CREATE TABLE ok(x)", "NOT SQL"])
            }
            #expect(error != nil)
        }
    }

    @Test func init_FailsFast_WhenTheFileCannotBeOpened() {
        expectError(SQLiteError.self) {
            try DatabaseWorker(path: "/nonexistent-\(UUID().uuidString)/db.sqlite")
        }
    }

    @Test func writeThenRead_RunInSubmissionOrder() throws {
        try TemporaryDatabase.with { database in
            let worker = try DatabaseWorker(path: database.path, migrations: Self.schema)
            defer { worker.shutdown() }
            let inserted = Pending<Int64>()
            let counted = Pending<Int64?>()
            // Submitted back to back without waiting: the read must see the write.
            worker.write({ db in
                try db.run("INSERT INTO items(name) VALUES (?)", ["dice"])
                return db.lastInsertRowID
            }, completion: inserted.complete)
            worker.read({ db in
                try db.query("SELECT count(*) AS n FROM items").first?.int("n")
            }, completion: counted.complete)
            #expect(try inserted.wait().get() == 1)
            #expect(try counted.wait().get() == 1)
        }
    }

    @Test func completion_IsCalledOnTheWorkerThread() throws {
        try TemporaryDatabase.with { database in
            let worker = try DatabaseWorker(path: database.path)
            defer { worker.shutdown() }
            let jobThread = Pending<pthread_t>()
            let completionThread = Pending<pthread_t>()
            worker.read({ _ in pthread_self() }, completion: { result in
                jobThread.complete(result)
                completionThread.complete(.success(pthread_self()))
            })
            let job = try jobThread.wait().get()
            let completion = try completionThread.wait().get()
            #expect(pthread_equal(job, completion) != 0)
            #expect(pthread_equal(job, pthread_self()) == 0)
        }
    }

    @Test func readJob_CannotWrite_AndLeavesTheWorkerWritable() throws {
        try TemporaryDatabase.with { database in
            let worker = try DatabaseWorker(path: database.path, migrations: Self.schema)
            defer { worker.shutdown() }
            let sneaky = Pending<Int>()
            worker.read({ db in try db.run("INSERT INTO items(name) VALUES ('sneaky')") }, completion: sneaky.complete)
            let error = expectError(SQLiteError.self) { try sneaky.wait().get() }
            #expect(error?.code == 8)  // SQLITE_READONLY
            let changes = try worker.sync { db in try db.run("INSERT INTO items(name) VALUES ('fine')") }
            #expect(changes == 1)
        }
    }

    @Test func sync_ReturnsTheValue_AndRethrowsTheJobsError() throws {
        try TemporaryDatabase.with { database in
            let worker = try DatabaseWorker(path: database.path)
            defer { worker.shutdown() }
            let value = try worker.sync { _ in 42 }
            #expect(value == 42)
            expectError(Boom.self) { try worker.sync { _ in throw Boom() } }
        }
    }

    @Test func thousandConcurrentWrites_EachCommitExactlyOnce_AndAreBatched() throws {
        try TemporaryDatabase.with { database in
            let worker = try DatabaseWorker(path: database.path, migrations: Self.schema)
            defer { worker.shutdown() }
            let threads = 8, perThread = 125
            let group = DispatchGroup()
            let failures = Mutex(0)
            DispatchQueue.concurrentPerform(iterations: threads) { thread in
                for index in 0..<perThread {
                    group.enter()
                    worker.write({ db in
                        try db.run("INSERT INTO items(name) VALUES (?)", [.text("t\(thread)-\(index)")])
                    }, completion: { result in
                        if case .failure = result { failures.withLock { $0 += 1 } }
                        group.leave()
                    })
                }
            }
            #expect(group.wait(timeout: .now() + 60) == .success)
            let failed = failures.withLock { $0 }
            #expect(failed == 0)
            let rows = try worker.sync { db in try db.query("SELECT count(DISTINCT name) AS n FROM items").first?.int("n") }
            #expect(rows == 1000)

            let statistics = worker.statistics
            print("1000 concurrent writes:", statistics)
            #expect(statistics.writeJobs == 1001)  // + the sync count
            #expect(statistics.commits == statistics.batches)
            #expect(statistics.commits < 1000)
            #expect(statistics.largestBatch > 1)
        }
    }

    @Test func queuedWrites_ShareCommits_UpToTheBatchCap() throws {
        try TemporaryDatabase.with { database in
            let worker = try DatabaseWorker(path: database.path, migrations: Self.schema)
            defer { worker.shutdown() }
            let gate = WorkerGate()
            gate.close(worker)
            let group = DispatchGroup()
            for index in 0..<1000 {
                group.enter()
                worker.write({ db in
                    try db.run("INSERT INTO items(name) VALUES (?)", [.text("item \(index)")])
                }, completion: { _ in group.leave() })
            }
            gate.open()
            #expect(group.wait(timeout: .now() + 60) == .success)
            let statistics = worker.statistics
            // The gate's own batch, then 256 + 256 + 256 + 232.
            #expect(statistics.commits == 5)
            #expect(statistics.largestBatch == DatabaseWorker.defaultMaxBatchSize)
            #expect(statistics.writeJobs == 1001)
        }
    }

    @Test func throwingJob_FailsAlone_WhileItsBatchNeighboursCommit() throws {
        try TemporaryDatabase.with { database in
            let worker = try DatabaseWorker(path: database.path, migrations: Self.schema)
            defer { worker.shutdown() }
            let gate = WorkerGate()
            gate.close(worker)
            let first = Pending<Int>(), throwing = Pending<Int>(), third = Pending<Int>(), duplicate = Pending<Int>()
            worker.write({ db in try db.run("INSERT INTO items(name) VALUES ('first')") }, completion: first.complete)
            worker.write({ db -> Int in
                try db.run("INSERT INTO items(name) VALUES ('undone')")
                throw Boom()
            }, completion: throwing.complete)
            worker.write({ db in try db.run("INSERT INTO items(name) VALUES ('third')") }, completion: third.complete)
            worker.write({ db in try db.run("INSERT INTO items(name) VALUES ('first')") }, completion: duplicate.complete)
            gate.open()

            #expect(try first.wait().get() == 1)
            expectError(Boom.self) { try throwing.wait().get() }
            #expect(try third.wait().get() == 1)
            let violation = expectError(SQLiteError.self) { try duplicate.wait().get() }
            #expect(violation?.isConstraintViolation == true)

            let names = try worker.sync { db in try db.query("SELECT name FROM items ORDER BY id").compactMap { $0.string("name") } }
            #expect(names == ["first", "third"])
            let statistics = worker.statistics
            #expect(statistics.commits == 3)  // gate, the four jobs together, the sync
            #expect(statistics.largestBatch == 4)
            #expect(statistics.failedWriteJobs == 2)
        }
    }

    @Test func failedCommit_FailsEveryJobInTheBatch_AndTheWorkerRecovers() throws {
        try TemporaryDatabase.with { database in
            // A deferred foreign key is only checked at COMMIT: the way to make COMMIT itself fail.
            let schema = ["""
                CREATE TABLE parent(id INTEGER PRIMARY KEY);
                CREATE TABLE child(parent_id INTEGER REFERENCES parent(id) DEFERRABLE INITIALLY DEFERRED);
                """]
            let worker = try DatabaseWorker(path: database.path, migrations: schema)
            defer { worker.shutdown() }
            let gate = WorkerGate()
            gate.close(worker)
            let innocent = Pending<Int>(), dangling = Pending<Int>()
            worker.write({ db in try db.run("INSERT INTO parent(id) VALUES (1)") }, completion: innocent.complete)
            worker.write({ db in try db.run("INSERT INTO child(parent_id) VALUES (99)") }, completion: dangling.complete)
            gate.open()

            let innocentError = expectError(SQLiteError.self) { try innocent.wait().get() }
            let danglingError = expectError(SQLiteError.self) { try dangling.wait().get() }
            #expect(innocentError?.isConstraintViolation == true)
            #expect(danglingError?.isConstraintViolation == true)
            #expect(worker.statistics.commits == 1)  // only the gate's
            #expect(worker.statistics.batches == 2)

            let parents = try worker.sync { db in
                try db.run("INSERT INTO parent(id) VALUES (2)")
                return try db.query("SELECT id FROM parent").compactMap { $0.int("id") }
            }
            #expect(parents == [2])
        }
    }

    @Test func shutdown_FinishesQueuedJobs_ThenRejectsNewOnes() throws {
        try TemporaryDatabase.with { database in
            let worker = try DatabaseWorker(path: database.path, migrations: Self.schema)
            let succeeded = Mutex(0)
            for index in 0..<50 {
                worker.write({ db in try db.run("INSERT INTO items(name) VALUES (?)", [.text("n\(index)")]) },
                             completion: { result in if case .success = result { succeeded.withLock { $0 += 1 } } })
            }
            worker.shutdown()
            let completed = succeeded.withLock { $0 }
            #expect(completed == 50)

            let late = Pending<Int>()
            worker.write({ _ in 1 }, completion: late.complete)
            let error = expectError(DatabaseWorkerError.self) { try late.wait().get() }
            #expect(error == .shutDown)
            worker.shutdown()  // idempotent

            let fresh = try SQLiteConnection(path: database.path)
            #expect(try fresh.query("SELECT count(*) AS n FROM items").first?.int("n") == 50)
        }
    }
}
