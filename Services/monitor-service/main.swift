import CCurlShim
import Contracts
import Glibc
import Outbound
import Runtime
import ServiceSupport

// monitor-service instance n: the Jackbox room monitors it owns and their
// last known state, in $DATA_DIR/monitor-<n>.db. See docs/architecture.md.

let process = ServiceProcess.bootstrap(name: ServiceName.monitor)
// Once per process, before any thread that could use libcurl exists.
guard cg_global_init() == CURLE_OK else {
    process.logger.error("cannot initialise libcurl")
    exit(1)
}
let settings: MonitorSettings
do {
    settings = try MonitorSettings(configuration: process.configuration, environment: ProcessEnvironment.current())
} catch {
    process.logger.error("cannot start: \(error)")
    exit(78)
}
let instance = process.configuration.monitorInstance
let directory = ServiceDirectory(configuration: process.configuration)
let host = ServiceHost(process: process, socketPath: directory.socketPath(of: .monitor, instance: instance))
let logger = process.logger.with("instance", "\(instance)")
let database = host.openDatabase("monitor-\(instance).db", migrations: MonitorSchema.migrations)
let sessions = host.peer(ServiceName.session, path: directory.socketPath(of: .session))
let driver: CurlDriver
do {
    driver = try CurlDriver(loop: host.loop)
} catch {
    logger.error("cannot create the libcurl driver: \(error)")
    exit(1)
}
let reporter = SessionReporter(loop: host.loop, database: database, sessions: sessions,
                               logger: logger.with("component", "reports"))
let registry = MonitorRegistry(context: MonitorContext(
    loop: host.loop, driver: driver, database: database, reporter: reporter, settings: settings,
    configuration: RoomMonitorConfiguration(ecastBaseURL: process.configuration.ecastBaseURL,
                                            reconnectDelays: settings.reconnectDelays),
    publish: { event in host.publish(event.type, event.data) }, logger: logger))
registry.register(on: host.rpc)
// After the RPC server stops taking calls: close every shard, keep every
// monitor saved, so the next start resumes them.
process.onShutdown("monitors") { done in
    registry.suspendAll()
    driver.shutdown()
    done()
}
host.run(database: database) {
    reporter.start()
    try registry.resume()
}
