import Contracts
import JSON
import ServiceSupport
import Storage

/// The webhook routes of platform-api.md "Webhooks", as plain functions
/// over a connection (run inside the worker's transaction, like
/// `SessionsDomain`). The secret is written, never read back out.
enum WebhooksDomain {
    typealias Outcome = SessionsDomain.Outcome

    static let notFoundError = "Webhook not found"
    static let logsDefaultLimit: Int64 = 100
    static let logsMaxLimit: Int64 = 1000

    private static let columns = "SELECT id, name, url, events, enabled, created_at FROM webhooks"

    /// The documented object: `{"id","name","url","events":[…],"enabled":true,"created_at"}`.
    static func object(_ row: SQLiteRow) -> JSONObject {
        var object = JSONObject()
        object.reserveCapacity(6)
        object.append("id", .int(row.int("id") ?? 0))
        object.append("name", JSONValue(row.string("name")))
        object.append("url", JSONValue(row.string("url")))
        object.append("events", .array(WebhookEvents.decode(row.string("events") ?? "").map { .string($0) }))
        object.append("enabled", .bool(row.bool("enabled") ?? false))
        object.append("created_at", JSONValue(row.string("created_at")))
        return object
    }

    static func list(_ db: SQLiteConnection) throws -> JSONValue {
        .array(try db.query(columns + " ORDER BY id").map { .object(object($0)) })
    }

    static func get(_ db: SQLiteConnection, id: Int64) throws -> JSONObject {
        guard let row = try db.query(columns + " WHERE id = ?", [.integer(id)]).first else {
            throw APIError.notFound(notFoundError)
        }
        return object(row)
    }

    static func create(_ db: SQLiteConnection, body: JSONObject, now: String) throws -> Outcome {
        let fields = try WebhookFields.forCreate(body)
        try db.run("""
            INSERT INTO webhooks (name, url, secret, events, enabled, created_at) VALUES (?, ?, ?, ?, ?, ?)
            """, [SQLiteValue(fields.name), SQLiteValue(fields.url), SQLiteValue(fields.secret),
                  .text(WebhookEvents.encode(fields.events ?? [])), SQLiteValue(fields.enabled ?? true),
                  .text(now)])
        return Outcome(body: .object(try get(db, id: db.lastInsertRowID)))
    }

    static func update(_ db: SQLiteConnection, id: Int64, body: JSONObject) throws -> Outcome {
        _ = try get(db, id: id)
        let fields = try WebhookFields.forUpdate(body)
        var assignments: [(column: String, value: SQLiteValue)] = []
        if let name = fields.name { assignments.append(("name", .text(name))) }
        if let url = fields.url { assignments.append(("url", .text(url))) }
        if let secret = fields.secret { assignments.append(("secret", .text(secret))) }
        if let events = fields.events { assignments.append(("events", .text(WebhookEvents.encode(events)))) }
        if let enabled = fields.enabled { assignments.append(("enabled", SQLiteValue(enabled))) }
        // Column names come from the fixed list above, never from input.
        let set = assignments.map { "\($0.column) = ?" }.joined(separator: ", ")
        try db.run("UPDATE webhooks SET \(set) WHERE id = ?", assignments.map(\.value) + [.integer(id)])
        return Outcome(body: .object(try get(db, id: id)))
    }

    /// Deletes the webhook, its pending deliveries and its logs (cascade):
    /// nothing is sent to a receiver that was removed.
    static func delete(_ db: SQLiteConnection, id: Int64) throws -> Outcome {
        _ = try get(db, id: id)
        try db.run("DELETE FROM webhooks WHERE id = ?", [.integer(id)])
        return Outcome(body: ["message": "Webhook deleted successfully"])
    }

    /// Enqueues a `webhook.test` delivery, due now. Works on a disabled
    /// webhook too: `enabled` governs which events are enqueued, and a test
    /// is an explicit request.
    static func test(_ db: SQLiteConnection, id: Int64, now: String) throws -> Outcome {
        let webhook = try get(db, id: id)
        let data = WebhookPayload.testData(webhookID: id, name: webhook["name"]?.stringValue ?? "")
        let body = WebhookPayload.body(event: WebhookEvents.test, timestamp: now, data: data)
        try WebhookOutbox.insert(db, webhookID: id, type: WebhookEvents.test, body: body, timestamp: now,
                                 nowMilliseconds: Timestamp.parse(now) ?? 0)
        return Outcome(body: ["message": "Test webhook sent"], outboxRows: 1)
    }

    /// The webhook's attempts, newest first; `limit` (default 100, at most
    /// 1000) keeps the answer bounded as the log grows.
    static func logs(_ db: SQLiteConnection, id: Int64, limit: String?) throws -> JSONValue {
        _ = try get(db, id: id)
        var count = logsDefaultLimit
        if let limit {
            guard let parsed = Int64(limit), (1...logsMaxLimit).contains(parsed) else {
                throw APIError.badRequest("limit must be an integer between 1 and \(logsMaxLimit)")
            }
            count = parsed
        }
        return try db.query("""
            SELECT id, webhook_id, event_type, attempt, response_status, error_message, duration_ms, created_at
            FROM webhook_logs WHERE webhook_id = ? ORDER BY id DESC LIMIT ?
            """, [.integer(id), .integer(count)]).jsonArray
    }
}
