import Glibc
import Contracts
import Runtime
import Storage

// monitor-service: see ARCHITECTURE.md for what it owns.

let process = ServiceProcess.bootstrap(name: ServiceName.monitor)
let instance = process.configuration.monitorInstance
let host = ServiceHost(process: process, socketPath: process.configuration.monitorSocketPath(instance))
let database: DatabaseWorker
do {
    database = try DatabaseWorker(path: process.configuration.dataDirectory + "/monitor-\(instance).db",
                                  migrations: MonitorSchema.migrations)
} catch {
    process.logger.error("cannot open monitor-\(instance).db: \(error)")
    exit(1)
}

process.onShutdown("database") { done in
    database.shutdown()
    done()
}
host.run(probe: { report in
    database.read({ db in _ = try db.query("SELECT 1") }) { report($0) }
}, setUp: {})
