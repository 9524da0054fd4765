import Contracts
import Glibc
import IO
import Runtime
import ServiceSupport

// session-service: sessions, session games, the games catalogue and
// webhooks, in $DATA_DIR/sessions.db. See ARCHITECTURE.md.

let process = ServiceProcess.bootstrap(name: ServiceName.session)
let host = ServiceHost(process: process, socketPath: process.configuration.sessionSocketPath)
let database = host.openDatabase("sessions.db", migrations: SessionSchema.migrations)
do {
    let now = Timestamp.format(milliseconds: WallClock.nowMilliseconds())
    let catalogue = CatalogueSeed.bundled
    let seeded = try database.sync { db in try CatalogueSeed.seedIfNeeded(db, catalogue: catalogue, now: now) }
    if seeded > 0 { process.logger.notice("seeded the games catalogue", ("games", "\(seeded)")) }
} catch {
    process.logger.error("cannot seed the games catalogue: \(error)")
    exit(1)
}

SessionMethods.register(on: host.rpc, calls: DatabaseCalls(database: database, host: host))
host.run(database: database)
