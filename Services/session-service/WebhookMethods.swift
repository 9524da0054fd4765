import Contracts
import JSON
import Runtime

/// The `webhooks.*` JSON-RPC methods behind `/api/webhooks…`, each a thin
/// adapter from params to `WebhooksDomain`. Writes go through
/// `DatabaseCalls.write`, so a test delivery wakes the delivery worker after
/// its commit like any other enqueued delivery.
enum WebhookMethods {
    static func register(on server: RPCServer, calls: DatabaseCalls) {
        server.register(Method.webhooksList) { call in calls.read(call) { db in try WebhooksDomain.list(db) } }
        server.register(Method.webhooksGet) { call in
            let id = RequestParams(raw: call.params).id()
            calls.read(call) { db in .object(try WebhooksDomain.get(db, id: id)) }
        }
        server.register(Method.webhooksCreate) { call in
            let body = RequestParams(raw: call.params).body
            calls.write(call) { db, now in try WebhooksDomain.create(db, body: body, now: now) }
        }
        server.register(Method.webhooksUpdate) { call in
            let params = RequestParams(raw: call.params)
            let (id, body) = (params.id(), params.body)
            calls.write(call) { db, _ in try WebhooksDomain.update(db, id: id, body: body) }
        }
        server.register(Method.webhooksDelete) { call in
            let id = RequestParams(raw: call.params).id()
            calls.write(call) { db, _ in try WebhooksDomain.delete(db, id: id) }
        }
        server.register(Method.webhooksTest) { call in
            let id = RequestParams(raw: call.params).id()
            calls.write(call) { db, now in try WebhooksDomain.test(db, id: id, now: now) }
        }
        server.register(Method.webhooksLogs) { call in
            let params = RequestParams(raw: call.params)
            let (id, limit) = (params.id(), params.query("limit"))
            calls.read(call) { db in try WebhooksDomain.logs(db, id: id, limit: limit) }
        }
    }
}
