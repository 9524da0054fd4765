import Contracts
import IO
import JSON
import RPC
import Runtime
import Storage

/// Runs a service's RPC methods against its database worker and answers the
/// call: documented errors (`APIError`) go back as their RPC form, anything
/// else is logged and becomes an internal error (the gateway's 502, never a
/// silent 500 with details). Events are published only after the write has
/// committed, in commit order.
///
/// A service with an outbox (session-service's webhooks) sets
/// `inTransaction`, which runs inside every write's transaction after the
/// method's job and may add outbox rows for the job's events; `afterCommit`
/// then wakes whoever works the outbox. The reply never waits for either.
public struct DatabaseCalls: Sendable {
    public typealias Job = @Sendable (SQLiteConnection, String) throws -> WriteOutcome
    /// (connection, outcome so far, Unix ms of the commit) → outbox rows added.
    public typealias TransactionHook = @Sendable (SQLiteConnection, WriteOutcome, Int64) throws -> Int

    public let database: DatabaseWorker
    public let host: ServiceHost
    public var inTransaction: TransactionHook = { _, _, _ in 0 }
    /// Called on the database thread after a commit whose outcome added
    /// outbox rows; must be quick (a wake-up).
    public var outboxFilled: @Sendable () -> Void = {}

    public init(database: DatabaseWorker, host: ServiceHost) {
        self.database = database
        self.host = host
    }

    public func read(_ call: RPCCall, _ job: @escaping @Sendable (SQLiteConnection) throws -> JSONValue) {
        database.read(job) { result in
            switch result {
            case .success(let body): call.succeed(body)
            case .failure(let error): Self.fail(call, error)
            }
        }
    }

    /// `committed` runs after the commit, before the reply (a crash point).
    public func write(_ call: RPCCall, committed: @escaping @Sendable () -> Void = {}, _ job: @escaping Job) {
        database.write({ [inTransaction] db in
            let milliseconds = WallClock.nowMilliseconds()
            var outcome = try job(db, Timestamp.format(milliseconds: milliseconds))
            outcome.outboxRows += try inTransaction(db, outcome, milliseconds)
            return outcome
        }) { [host, outboxFilled] result in
            switch result {
            case .success(let outcome):
                committed()
                call.succeed(outcome.body)
                for event in outcome.events { host.publish(event.type, event.data) }
                if outcome.outboxRows > 0 { outboxFilled() }
            case .failure(let error):
                Self.fail(call, error)
            }
        }
    }

    /// Answers a failed call: an `APIError` as itself, a full, read-only or
    /// failing disk as a logged 503 (`StorageFault`: nothing was stored, try
    /// again later), anything else as a logged internal error.
    public static func fail(_ call: RPCCall, _ error: any Error) {
        if let apiError = error as? APIError {
            call.fail(apiError.rpcError)
        } else if let rpcError = error as? RPCError {
            call.fail(rpcError)
        } else if let sqliteError = error as? SQLiteError, let fault = StorageFault(sqliteError) {
            call.logger.error("storage unavailable", ("method", call.method), ("error", "\(sqliteError)"))
            call.fail(APIError(503, fault.message).rpcError)
        } else {
            call.logger.error("call failed", ("method", call.method), ("error", "\(error)"))
            call.fail(.internalError("Internal error"))
        }
    }
}

extension DatabaseCalls {
    /// Registers a read-only method: `body` gets the call's params and a
    /// connection in a read snapshot, and returns the result.
    public func read(_ method: String, on server: RPCServer,
                     _ body: @escaping @Sendable (RequestParams, SQLiteConnection) throws -> JSONValue) {
        server.register(method) { call in
            let params = RequestParams(raw: call.params)
            self.read(call) { db in try body(params, db) }
        }
    }

    /// Registers a writing method: `body` runs in the group-commit
    /// transaction with the params, the connection and the commit's
    /// timestamp; its events are published after the commit.
    public func write(_ method: String, on server: RPCServer,
                      _ body: @escaping @Sendable (RequestParams, SQLiteConnection, String) throws -> WriteOutcome) {
        server.register(method) { call in
            let params = RequestParams(raw: call.params)
            self.write(call) { db, now in try body(params, db, now) }
        }
    }
}
