import Dispatch
import Foundation
import Synchronization
import Testing
import Storage

/// Measures what group commit buys. Off by default (it fsyncs thousands of
/// times); run in release with
///
///     STORAGE_BENCHMARK=1 swift test -c release --filter WriteThroughputBenchmark
///
/// Every write is one single-row INSERT committed with synchronous=FULL.
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["STORAGE_BENCHMARK"] != nil))
struct WriteThroughputBenchmark {
    static let schema = ["CREATE TABLE events(id INTEGER PRIMARY KEY, payload TEXT NOT NULL)"]
    static let writes = 2000

    @Test func oneTransactionPerWrite_OnTheCallingThread() throws {
        try TemporaryDatabase.with { database in
            let db = try SQLiteConnection(path: database.path)
            try Migrations.migrate(db, Self.schema)
            let seconds = try measure {
                for index in 0..<Self.writes {
                    try db.transaction { try db.run("INSERT INTO events(payload) VALUES (?)", [.text("e\(index)")]) }
                }
            }
            report("connection, 1 txn/write, sequential", seconds: seconds, statistics: nil)
        }
    }

    @Test(arguments: [1, DatabaseWorker.defaultMaxBatchSize])
    func burstFromFourThreads(maxBatchSize: Int) throws {
        try TemporaryDatabase.with { database in
            let worker = try DatabaseWorker(path: database.path, migrations: Self.schema, maxBatchSize: maxBatchSize)
            defer { worker.shutdown() }
            let seconds = try measure {
                let group = DispatchGroup()
                DispatchQueue.concurrentPerform(iterations: 4) { thread in
                    for index in 0..<(Self.writes / 4) {
                        group.enter()
                        worker.write({ db in
                            try db.run("INSERT INTO events(payload) VALUES (?)", [.text("\(thread)-\(index)")])
                        }, completion: { _ in group.leave() })
                    }
                }
                group.wait()
            }
            report("worker, burst of \(Self.writes), maxBatch \(maxBatchSize)", seconds: seconds,
                   statistics: worker.statistics)
        }
    }

    /// Closer to a service: N clients, each waits for its reply before
    /// sending the next write (one request in flight per connection).
    @Test(arguments: [(1, 1), (1, 64), (DatabaseWorker.defaultMaxBatchSize, 1), (DatabaseWorker.defaultMaxBatchSize, 64)])
    func clientsWaitingForEachAck(maxBatchSize: Int, clients: Int) throws {
        try TemporaryDatabase.with { database in
            let worker = try DatabaseWorker(path: database.path, migrations: Self.schema, maxBatchSize: maxBatchSize)
            defer { worker.shutdown() }
            let perClient = Self.writes / clients
            let seconds = try measure {
                let group = DispatchGroup()
                for client in 0..<clients {
                    group.enter()
                    Self.writeSequentially(worker, client: client, remaining: perClient) { group.leave() }
                }
                group.wait()
            }
            report("worker, \(clients) waiting clients, maxBatch \(maxBatchSize)", seconds: seconds,
                   statistics: worker.statistics, writes: perClient * clients)
        }
    }

    private static func writeSequentially(_ worker: DatabaseWorker, client: Int, remaining: Int,
                                          done: @escaping @Sendable () -> Void) {
        guard remaining > 0 else { return done() }
        worker.write({ db in
            try db.run("INSERT INTO events(payload) VALUES (?)", [.text("\(client)-\(remaining)")])
        }, completion: { _ in
            // Like an event loop: the reply hops off the worker before the next request.
            DispatchQueue.global().async {
                writeSequentially(worker, client: client, remaining: remaining - 1, done: done)
            }
        })
    }

    private func measure(_ body: () throws -> Void) throws -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    private func report(_ label: String, seconds: Double, statistics: DatabaseWorkerStatistics?,
                        writes: Int = WriteThroughputBenchmark.writes) {
        var line = "BENCH \(label): \(writes) writes in \(String(format: "%.2f", seconds)) s = "
            + "\(Int(Double(writes) / seconds)) writes/s"
        if let statistics {
            line += ", \(statistics.commits) commits (avg \(String(format: "%.1f", Double(statistics.writeJobs) / Double(statistics.commits))) jobs/commit, max \(statistics.largestBatch))"
        }
        print(line)
    }
}
