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
struct DatabaseCalls: Sendable {
    let database: DatabaseWorker
    let host: ServiceHost

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
            try job(db, Timestamp.format(milliseconds: WallClock.nowMilliseconds()))
        }) { [host] result in
            switch result {
            case .success(let outcome):
                call.succeed(outcome.body)
                for event in outcome.events { host.publish(event.type, event.data) }
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
