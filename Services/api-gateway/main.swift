import Contracts
import Foundation
import Glibc
import IO
import Runtime

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
    authenticator = Authenticator(admins: admins, secret: secrets.jwtSecret)
} catch {
    logger.error("cannot load admins or secrets: \(error)")
    exit(78)
}

// Worker 0 runs on the main loop; the others get their own threads.
var workers = [GatewayWorker(loop: process.loop, configuration: configuration, logger: logger,
                             authenticator: authenticator)]
for index in 1..<configuration.gatewayThreads {
    guard let loop = try? EventLoop(name: "gateway-\(index)") else { break }
    workers.append(GatewayWorker(loop: loop, configuration: configuration, logger: logger, authenticator: authenticator))
}
let eventSocket = EventSocket(loop: process.loop, path: configuration.gatewayEventsSocketPath, logger: logger) { event in
    // Hand the event to the other loops first, so they write to their
    // subscribers while this loop writes to its own.
    for worker in workers where worker.loop !== process.loop {
        worker.loop.execute {
            worker.hub.deliver(frame: event.frame, sessionID: event.sessionID, toEveryone: event.toEveryone)
        }
    }
    for worker in workers where worker.loop === process.loop {
        worker.hub.deliver(frame: event.frame, sessionID: event.sessionID, toEveryone: event.toEveryone)
    }
}

process.onShutdown("http") { done in
    // Drain every worker in parallel; stop the extra threads' loops after.
    // The counter and `done` are only touched on the main loop.
    let remaining = UnsafeTransfer(Counter(workers.count))
    let doneOnMain = UnsafeTransfer(done)
    for worker in workers {
        let finished: @Sendable () -> Void = {
            process.loop.execute {
                if worker.loop !== process.loop { worker.loop.stop() }
                if remaining.value.decrement() == 0 { doneOnMain.value() }
            }
        }
        if worker.loop === process.loop {
            worker.shutdown(done: finished)
        } else {
            worker.loop.execute { worker.shutdown(done: finished) }
        }
    }
}
process.onShutdown("events") { done in
    eventSocket.stop()
    done()
}

process.run {
    try eventSocket.start()
    try workers[0].start(port: configuration.port)
    for worker in workers.dropFirst() {
        // Bind on this thread so a port conflict fails start-up, then hand
        // the worker to its own thread.
        let ready = DispatchSemaphore(value: 0)
        let failure = LockedBox<(any Error)?>(nil)
        let thread = Thread {
            worker.loop.execute {
                do { try worker.start(port: configuration.port) } catch { failure.set(error) }
                ready.signal()
            }
            worker.loop.run()
        }
        thread.name = worker.loop.name
        thread.start()
        ready.wait()
        if let error = failure.get() { throw error }
    }
    logger.info("listening", ("port", "\(configuration.port)"), ("threads", "\(workers.count)"))
}
