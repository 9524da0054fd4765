import Contracts
import Runtime
import ServiceSupport

// vote-service: chat logs, live votes and the outbox of vote tallies, in
// $DATA_DIR/votes.db. See ARCHITECTURE.md.

let process = ServiceProcess.bootstrap(name: ServiceName.vote)
let host = ServiceHost(process: process, socketPath: process.configuration.voteSocketPath)
let database = host.openDatabase("votes.db", migrations: VoteSchema.migrations)
host.run(database: database)
