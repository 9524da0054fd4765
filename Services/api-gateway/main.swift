import Contracts
import Glibc
import IO
import Runtime
import Synchronization

// api-gateway: terminates HTTP and WebSocket traffic and forwards JSON-RPC
// over Unix sockets to the services. See docs/architecture.md.

let process = ServiceProcess.bootstrap(name: ServiceName.gateway)
let configuration = process.configuration
let logger = process.logger

FileLimit.raiseToHardLimit()

let authenticator: Authenticator
do {
    let secrets = try GatewaySecrets.load(configuration: configuration, logger: logger)
    let admins = try AdminConfiguration.load(configuration: configuration, fallbackKey: secrets.adminKey)
    authenticator = Authenticator(admins: admins, secret: secrets.jwtSecret,
                                  throttle: LoginThrottle(maxFailures: configuration.loginMaxFailures,
                                                          windowMilliseconds: configuration.loginWindowMilliseconds))
} catch {
    logger.error("cannot load admins or secrets: \(error)")
    exit(78)
}

// Worker 0 runs on the main loop; the others get their own threads.
let loopThreads: LoopThreads
do {
    loopThreads = try LoopThreads(main: process.loop, count: configuration.gatewayThreads, namePrefix: "gateway")
} catch {
    logger.error("cannot create the gateway's event loops: \(error)")
    exit(1)
}
// Presence (page_focus) is gateway-wide: one registry, each loop's hub
// reporting its clients and sending the updates to its own.
let presence = PresenceRegistry()
let workers = loopThreads.loops.map {
    GatewayWorker(loop: $0, configuration: configuration, logger: logger, authenticator: authenticator,
                  presence: presence)
}
presence.setBroadcast { frame in
    for worker in workers {
        worker.loop.execute { worker.hub.deliverPresence(frame: frame) }
    }
}
let eventSocket = EventSocket(loop: process.loop, path: configuration.gatewayEventsSocketPath, logger: logger) { event in
    // Hand the event to the other loops first, so they write to their
    // subscribers while this loop writes to its own.
    for worker in workers.dropFirst() {
        worker.loop.execute {
            worker.hub.deliver(frame: event.frame, sessionID: event.sessionID, toEveryone: event.toEveryone)
        }
    }
    workers[0].hub.deliver(frame: event.frame, sessionID: event.sessionID, toEveryone: event.toEveryone)
}

process.onShutdown("http") { done in
    loopThreads.shutdown(drain: { index, finished in workers[index].shutdown(done: finished) }, done: done)
}
process.onShutdown("events") { done in
    eventSocket.stop()
    done()
}

process.run {
    try eventSocket.start()
    // Each worker binds its own SO_REUSEPORT listener on its loop's thread;
    // a port conflict on any of them fails start-up. Worker 0 binds first:
    // with PORT=0 the others join the port the kernel gave it.
    let port = Mutex(configuration.port)
    try loopThreads.start { index in
        let bound = try workers[index].start(host: configuration.host, port: port.withLock { $0 })
        if index == 0 { port.withLock { $0 = bound } }
    }
    logger.info("listening", ("host", configuration.host), ("port", "\(port.withLock { $0 })"),
                ("threads", "\(workers.count)"))
}
