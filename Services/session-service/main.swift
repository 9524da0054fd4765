import CCurlShim
import Contracts
import Glibc
import IO
import Outbound
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
    let tickers = try database.sync { db in try CatalogueTickers.assignIfNeeded(db, catalogue: catalogue, now: now) }
    if tickers > 0 { process.logger.notice("assigned the built-in games' tickers", ("games", "\(tickers)")) }
} catch {
    process.logger.error("cannot seed the games catalogue: \(error)")
    exit(1)
}

var deliverySettings = WebhookDelivery.Settings(retry: retryPolicy)
// WEBHOOK_ALLOW_PRIVATE=1: receivers on loopback/private networks too
// (tests, trusted networks); otherwise only public addresses.
if ProcessEnvironment.current()["WEBHOOK_ALLOW_PRIVATE"] == "1" { deliverySettings.addressPolicy = .any }
guard let delivery = WebhookDelivery(database: database, logger: process.logger.with("component", "webhooks"),
                                     settings: deliverySettings) else {
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
let peerCalls = PeerCallWatch()
calls.inTransaction = { db, outcome, milliseconds in
    try WebhookOutbox.enqueue(db, events: outcome.events, timestamp: Timestamp.format(milliseconds: milliseconds),
                              nowMilliseconds: milliseconds) + peerCalls.added(db)
}
// The other services this one owes calls to (PeerOutbox): vote-service and
// every monitor-service instance.
let directory = ServiceDirectory(configuration: process.configuration)
var peers = [PeerOutbox.voteService: host.peer(ServiceName.vote, path: directory.socketPath(of: .vote))]
var monitorInstances: [Int: RPCClient] = [:]
for endpoint in directory.endpoints(of: .monitor) {
    let client = host.peer(ServiceName.monitor, path: endpoint.socketPath)
    monitorInstances[endpoint.instance] = client
    peers[PeerOutbox.monitorService(endpoint.instance)] = client
}
let forwarder = PeerOutboxForwarder(loop: host.loop, database: database, peers: peers,
                                    logger: process.logger.with("component", "peer-outbox"))
calls.outboxFilled = {
    peerCalls.committed()
    delivery.wake()
    forwarder.wake()
}
SessionMethods.register(on: host.rpc, calls: calls, monitorInstances: monitorInstances)
WebhookMethods.register(on: host.rpc, calls: calls)
host.run(database: database) {
    delivery.start()
    forwarder.start()
}
