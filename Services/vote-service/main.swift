import Glibc
import Contracts
import Runtime
import Storage

// vote-service: see ARCHITECTURE.md for what it owns.

let process = ServiceProcess.bootstrap(name: ServiceName.vote)
let host = ServiceHost(process: process, socketPath: process.configuration.voteSocketPath)
let database: DatabaseWorker
do {
    database = try DatabaseWorker(path: process.configuration.dataDirectory + "/votes.db",
                                  migrations: VoteSchema.migrations)
} catch {
    process.logger.error("cannot open votes.db: \(error)")
    exit(1)
}

process.onShutdown("database") { done in
    database.shutdown()
    done()
}
host.run(probe: { report in
    database.read({ db in _ = try db.query("SELECT 1") }) { report($0) }
}, setUp: {})
