import Contracts
import Glibc
import IO
import Runtime
import Storage

// session-service: sessions, session games, the games catalogue and
// webhooks, in $DATA_DIR/sessions.db. See ARCHITECTURE.md.

let process = ServiceProcess.bootstrap(name: ServiceName.session)
let host = ServiceHost(process: process, socketPath: process.configuration.sessionSocketPath)
let database: DatabaseWorker
do {
    database = try DatabaseWorker(path: process.configuration.dataDirectory + "/sessions.db",
                                  migrations: SessionSchema.migrations)
    let now = Timestamp.format(milliseconds: WallClock.nowMilliseconds())
    let catalogue = CatalogueSeed.bundled
    let seeded = try database.sync { db in try CatalogueSeed.seedIfNeeded(db, catalogue: catalogue, now: now) }
    if seeded > 0 { process.logger.notice("seeded the games catalogue", ("games", "\(seeded)")) }
} catch {
    process.logger.error("cannot open sessions.db: \(error)")
    exit(1)
}

SessionMethods.register(on: host.rpc, calls: DatabaseCalls(database: database, host: host))
process.onShutdown("database") { done in
    database.shutdown()
    done()
}
host.run(probe: { report in
    database.read({ db in _ = try db.query("SELECT 1") }) { report($0) }
}, setUp: {})
