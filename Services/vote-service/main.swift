import Contracts
import Runtime
import ServiceSupport

// vote-service: chat logs, live votes and the outbox of vote tallies, in
// $DATA_DIR/votes.db. See docs/architecture.md.

let process = ServiceProcess.bootstrap(name: ServiceName.vote)
// Its socket's frame limit (16 MiB chat imports) is in `BackendService.vote`.
let host = ServiceHost(process: process, socketPath: process.configuration.voteSocketPath)
let database = host.openDatabase("votes.db", migrations: VoteSchema.migrations)
let sessions = host.peer(ServiceName.session, path: process.configuration.sessionSocketPath)
let applier = TallyApplier(loop: host.loop, database: database, sessions: sessions, crashPoints: host.crashPoints,
                           logger: host.logger.with("component", "tallies"))
VoteMethods(loop: host.loop, calls: DatabaseCalls(database: database, host: host), sessions: sessions,
            applier: applier, crashPoints: host.crashPoints)
    .register(on: host.rpc)
host.run(database: database) {
    applier.start()
}
