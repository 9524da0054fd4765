import Contracts
import Runtime
import ServiceSupport

// vote-service: chat logs, live votes and the outbox of vote tallies, in
// $DATA_DIR/votes.db. See docs/architecture.md.

let process = ServiceProcess.bootstrap(name: ServiceName.vote)
/// A chat import may carry 16 MiB of JSON; the call wrapping it is a little
/// longer, and its reply (with `debug.voteMatches`) can be longer still.
let maxFrameBytes = 64 * 1024 * 1024
let host = ServiceHost(process: process, socketPath: process.configuration.voteSocketPath,
                       maxRequestBytes: maxFrameBytes)
let database = host.openDatabase("votes.db", migrations: VoteSchema.migrations)
let sessions = host.peer(ServiceName.session, path: process.configuration.sessionSocketPath)
let applier = TallyApplier(loop: host.loop, database: database, sessions: sessions, crashPoints: host.crashPoints,
                           logger: host.logger.with("component", "tallies"))
VoteMethods(loop: host.loop, database: database, sessions: sessions, applier: applier, crashPoints: host.crashPoints)
    .register(on: host.rpc)
host.run(database: database) {
    applier.start()
}
