import Contracts
import Crypto
import JSON
import ServiceSupport
import Storage

/// The durable queue between a committed change and its webhook
/// deliveries (`webhook_deliveries`).
///
/// Rows are inserted by the write job that made the change, inside its
/// transaction (see `DatabaseCalls.write`): the change and "tell the
/// webhooks" commit together or not at all, so a crash can neither lose a
/// delivery nor announce a change that rolled back. `WebhookDelivery` then
/// works the queue from its own thread. Delivery is at least once: a crash
/// mid-attempt repeats that attempt, with the same `X-Webhook-Delivery`.
enum WebhookOutbox {
    /// Enqueues one delivery per (event, enabled webhook subscribed to its
    /// type). Returns how many rows it added. Costs nothing for events no
    /// webhook can subscribe to, and one small indexed read otherwise.
    static func enqueue(_ db: SQLiteConnection, events: [Event], timestamp: String,
                        nowMilliseconds: Int64) throws -> Int {
        let candidates = events.filter { WebhookEvents.isSubscribable($0.type) }
        guard !candidates.isEmpty else { return 0 }
        let webhooks = try db.query("SELECT id, events FROM webhooks WHERE enabled = 1 ORDER BY id")
        guard !webhooks.isEmpty else { return 0 }
        var added = 0
        for event in candidates {
            let body = WebhookPayload.body(event: event.type, timestamp: timestamp, data: event.data)
            for webhook in webhooks {
                guard let id = webhook.int("id"),
                      WebhookEvents.subscribes(webhook.string("events") ?? "", to: event.type) else { continue }
                try insert(db, webhookID: id, type: event.type, body: body, timestamp: timestamp,
                           nowMilliseconds: nowMilliseconds)
                added += 1
            }
        }
        return added
    }

    /// One pending delivery, due now, with a fresh delivery id.
    static func insert(_ db: SQLiteConnection, webhookID: Int64, type: String, body: String, timestamp: String,
                       nowMilliseconds: Int64) throws {
        try db.run("""
            INSERT INTO webhook_deliveries (webhook_id, delivery_uuid, event_type, body, attempts, next_attempt_at,
                                            status, created_at)
            VALUES (?, ?, ?, ?, 0, ?, 'pending', ?)
            """, [.integer(webhookID), .text(SecureRandom.uuidV4()), .text(type), .text(body),
                  .integer(nowMilliseconds), .text(timestamp)])
    }

    /// A pending delivery that is due, with what sending it needs. The url
    /// and secret are read at each attempt, so a PATCH applies to retries.
    struct Due: Sendable, Equatable {
        let id: Int64
        let webhookID: Int64
        let uuid: String
        let eventType: String
        let body: String
        /// Attempts already made; this one is `attempts + 1`.
        let attempts: Int
        let url: String
        let secret: String
    }

    struct DueBatch: Sendable {
        /// At most one per webhook: its oldest due delivery, so a webhook's
        /// events go out in the order they happened (one at a time), while
        /// different webhooks proceed in parallel.
        var deliveries: [Due]
        /// When the next delivery not yet due becomes due (Unix ms), if any.
        var nextDueAt: Int64?
    }

    /// Per webhook, a walk of its pending rows in id order (index
    /// `webhook_deliveries_pending`) that stops at the first due one: the
    /// cost grows with the number of webhooks, not with a backlog of
    /// thousands of queued deliveries. Binds: now (ms), limit.
    static let dueQuery = """
        SELECT d.id, d.webhook_id, d.delivery_uuid, d.event_type, d.body, d.attempts, w.url, w.secret
        FROM webhooks w JOIN webhook_deliveries d ON d.id = (
            SELECT p.id FROM webhook_deliveries p
            WHERE p.webhook_id = w.id AND p.status = 'pending' AND p.next_attempt_at <= ?
            ORDER BY p.id LIMIT 1)
        ORDER BY d.id LIMIT ?
        """

    static func due(_ db: SQLiteConnection, nowMilliseconds now: Int64, limit: Int = 256) throws -> DueBatch {
        let rows = try db.query(dueQuery, [.integer(now), .integer(Int64(limit))])
        let deliveries = rows.compactMap { row -> Due? in
            guard let id = row.int("id"), let webhookID = row.int("webhook_id"),
                  let uuid = row.string("delivery_uuid"), let type = row.string("event_type"),
                  let body = row.string("body"), let url = row.string("url"),
                  let secret = row.string("secret") else { return nil }
            return Due(id: id, webhookID: webhookID, uuid: uuid, eventType: type, body: body,
                       attempts: Int(row.int("attempts") ?? 0), url: url, secret: secret)
        }
        let next = try db.query("""
            SELECT MIN(next_attempt_at) AS next FROM webhook_deliveries
            WHERE status = 'pending' AND next_attempt_at > ?
            """, [.integer(now)]).first?.int("next")
        return DueBatch(deliveries: deliveries, nextDueAt: next)
    }

    /// How long delivered and failed rows stay in the outbox (the attempts
    /// stay in `webhook_logs`).
    static let finishedRetentionMilliseconds: Int64 = 7 * 86_400_000

    /// Deletes delivered and failed rows that finished before `cutoff`
    /// (their `next_attempt_at` is when they finished). Returns how many.
    @discardableResult
    static func prune(_ db: SQLiteConnection, finishedBefore cutoff: Int64) throws -> Int {
        try db.run("DELETE FROM webhook_deliveries WHERE status != 'pending' AND next_attempt_at < ?",
                   [.integer(cutoff)])
    }

    /// One finished attempt: its log row and the delivery's new state.
    struct Attempt: Sendable, Equatable {
        let deliveryID: Int64
        let webhookID: Int64
        let eventType: String
        let attempt: Int
        let responseStatus: Int?
        let errorMessage: String?
        let durationMilliseconds: Int64
        let decision: WebhookRetryPolicy.Decision
    }

    /// Writes the `webhook_logs` row and moves the delivery on. If the
    /// webhook was deleted meanwhile, its deliveries are gone (cascade) and
    /// nothing is written.
    /// Log rows kept per webhook (the newest; older ones are deleted as
    /// new attempts are recorded).
    static let logsKeptPerWebhook = 500

    static func record(_ db: SQLiteConnection, _ attempt: Attempt, nowMilliseconds now: Int64) throws {
        try db.run("""
            INSERT INTO webhook_logs (webhook_id, event_type, attempt, response_status, error_message, duration_ms,
                                      created_at)
            SELECT ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM webhooks WHERE id = ?)
            """, [.integer(attempt.webhookID), .text(attempt.eventType), .integer(Int64(attempt.attempt)),
                  SQLiteValue(attempt.responseStatus), SQLiteValue(attempt.errorMessage),
                  .integer(attempt.durationMilliseconds), .text(Timestamp.format(milliseconds: now)),
                  .integer(attempt.webhookID)])
        // Keep the newest `logsKeptPerWebhook` rows of this webhook: the log
        // of a receiver that fails forever must not grow without bound.
        try db.run("""
            DELETE FROM webhook_logs WHERE webhook_id = ? AND id <= (
                SELECT id FROM webhook_logs WHERE webhook_id = ? ORDER BY id DESC LIMIT 1 OFFSET ?)
            """, [.integer(attempt.webhookID), .integer(attempt.webhookID), .integer(Int64(logsKeptPerWebhook))])
        let (status, nextAttemptAt): (String, Int64)
        switch attempt.decision {
        case .delivered: (status, nextAttemptAt) = ("delivered", now)
        case .failed: (status, nextAttemptAt) = ("failed", now)
        case .retry(let delay): (status, nextAttemptAt) = ("pending", now + delay)
        }
        try db.run("UPDATE webhook_deliveries SET attempts = ?, status = ?, next_attempt_at = ? WHERE id = ?",
                   [.integer(Int64(attempt.attempt)), .text(status), .integer(nextAttemptAt),
                    .integer(attempt.deliveryID)])
    }
}
