import CCurlShim
import Contracts
import Glibc
import IO
import Runtime
import ServiceSupport

// session-service: sessions, session games, the games catalogue and
// webhooks, in $DATA_DIR/sessions.db. See docs/architecture.md.

let process = ServiceProcess.bootstrap(name: ServiceName.session)
// Once per process, before any thread that could use libcurl exists.
guard cg_global_init() == CURLE_OK else {
    process.logger.error("cannot initialise libcurl")
    exit(1)
}
guard let retryPolicy = WebhookRetryPolicy.fromEnvironment(ProcessEnvironment.current()) else {
    process.logger.error("cannot start: invalid WEBHOOK_RETRY_BASE_MS: expected an integer in 1...600000")
    exit(78)
}
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

guard let delivery = WebhookDelivery(database: database, logger: process.logger.with("component", "webhooks"),
                                     settings: WebhookDelivery.Settings(retry: retryPolicy)) else {
    process.logger.error("cannot create the webhook delivery event loop")
    exit(1)
}
// Runs after the database step: an attempt finishing in between fails to
// record and is simply sent again at the next start (same delivery id).
process.onShutdown("webhook delivery") { done in
    delivery.stop()
    done()
}

var calls = DatabaseCalls(database: database, host: host)
calls.inTransaction = { db, outcome, milliseconds in
    try WebhookOutbox.enqueue(db, events: outcome.events, timestamp: Timestamp.format(milliseconds: milliseconds),
                              nowMilliseconds: milliseconds)
}
let votes = host.peer(ServiceName.vote, path: process.configuration.voteSocketPath)
let purges = VotePurgeForwarder(loop: host.loop, database: database, votes: votes,
                                logger: process.logger.with("component", "vote-purges"))
calls.outboxFilled = {
    delivery.wake()
    purges.wake()
}
SessionMethods.register(on: host.rpc, calls: calls)
WebhookMethods.register(on: host.rpc, calls: calls)
host.run(database: database) {
    delivery.start()
    purges.start()
}
