import Contracts
import Runtime
import ServiceSupport

// monitor-service instance n: the Jackbox room monitors it owns and their
// last known state, in $DATA_DIR/monitor-<n>.db. See docs/architecture.md.

let process = ServiceProcess.bootstrap(name: ServiceName.monitor)
let instance = process.configuration.monitorInstance
let host = ServiceHost(process: process, socketPath: process.configuration.monitorSocketPath(instance))
let database = host.openDatabase("monitor-\(instance).db", migrations: MonitorSchema.migrations)
host.run(database: database)
