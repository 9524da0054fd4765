import Contracts
import JSON
import Runtime
import ServiceSupport

/// The `webhooks.*` JSON-RPC methods behind `/api/webhooks…`, each a thin
/// adapter from params to `WebhooksDomain`. Writes go through
/// `DatabaseCalls.write`, so a test delivery wakes the delivery worker after
/// its commit like any other enqueued delivery.
enum WebhookMethods {
    static func register(on server: RPCServer, calls: DatabaseCalls) {
        calls.read(Method.webhooksList, on: server) { _, db in try WebhooksDomain.list(db) }
        calls.read(Method.webhooksGet, on: server) { p, db in .object(try WebhooksDomain.get(db, id: p.id())) }
        calls.write(Method.webhooksCreate, on: server) { p, db, now in try WebhooksDomain.create(db, body: p.body, now: now) }
        calls.write(Method.webhooksUpdate, on: server) { p, db, _ in try WebhooksDomain.update(db, id: p.id(), body: p.body) }
        calls.write(Method.webhooksDelete, on: server) { p, db, _ in try WebhooksDomain.delete(db, id: p.id()) }
        calls.write(Method.webhooksTest, on: server) { p, db, now in try WebhooksDomain.test(db, id: p.id(), now: now) }
        calls.read(Method.webhooksLogs, on: server) { p, db in
            try WebhooksDomain.logs(db, id: p.id(), limit: p.query("limit"))
        }
    }
}
