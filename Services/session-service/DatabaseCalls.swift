import Contracts
import IO
import JSON
import RPC
import Runtime
import ServiceSupport
import Storage

/// Runs RPC methods against the database worker and answers the call:
/// documented errors (`APIError`) go back as their RPC form, anything else
/// is logged and becomes an internal error (the gateway's 502, never a
/// silent 500 with details). Events are published only after the write has
/// committed, in commit order.
///
/// Webhooks: every write job also puts the deliveries its events cause into
/// the outbox, in the same transaction (see `WebhookOutbox`), and after the
/// commit wakes the delivery worker. The reply never waits for a delivery.
struct DatabaseCalls: Sendable {
    let database: DatabaseWorker
    let host: ServiceHost
    /// Called on the database thread after a commit that enqueued webhook
    /// deliveries; must be quick (it is `WebhookDelivery.wake`).
    var deliveriesEnqueued: @Sendable () -> Void = {}

    func read(_ call: RPCCall, _ job: @escaping @Sendable (SQLiteConnection) throws -> JSONValue) {
        database.read(job) { result in
            switch result {
            case .success(let body): call.succeed(body)
            case .failure(let error): fail(call, error)
            }
        }
    }

    func write(_ call: RPCCall,
               _ job: @escaping @Sendable (SQLiteConnection, String) throws -> SessionsDomain.Outcome) {
        database.write({ db in
            let milliseconds = WallClock.nowMilliseconds()
            let now = Timestamp.format(milliseconds: milliseconds)
            var outcome = try job(db, now)
            outcome.enqueuedDeliveries += try WebhookOutbox.enqueue(db, events: outcome.events, timestamp: now,
                                                                    nowMilliseconds: milliseconds)
            return outcome
        }) { [host, deliveriesEnqueued] result in
            switch result {
            case .success(let outcome):
                call.succeed(outcome.body)
                for event in outcome.events { host.publish(event.type, event.data) }
                if outcome.enqueuedDeliveries > 0 { deliveriesEnqueued() }
            case .failure(let error):
                fail(call, error)
            }
        }
    }

    private func fail(_ call: RPCCall, _ error: any Error) {
        if let apiError = error as? APIError {
            call.fail(apiError.rpcError)
        } else {
            call.logger.error("database job failed", ("method", call.method), ("error", "\(error)"))
            call.fail(.internalError("Internal error"))
        }
    }
}

extension DatabaseCalls {
    /// Registers a read-only method: `body` gets the call's params and a
    /// connection in a read snapshot, and returns the result.
    func read(_ method: String, on server: RPCServer,
              _ body: @escaping @Sendable (RequestParams, SQLiteConnection) throws -> JSONValue) {
        server.register(method) { call in
            let params = RequestParams(raw: call.params)
            self.read(call) { db in try body(params, db) }
        }
    }

    /// Registers a writing method: `body` runs in the group-commit
    /// transaction with the params, the connection and the commit's
    /// timestamp; its events are published after the commit.
    func write(_ method: String, on server: RPCServer,
               _ body: @escaping @Sendable (RequestParams, SQLiteConnection, String) throws -> SessionsDomain.Outcome) {
        server.register(method) { call in
            let params = RequestParams(raw: call.params)
            self.write(call) { db, now in try body(params, db, now) }
        }
    }
}

