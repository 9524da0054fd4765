import Contracts
import Glibc
import JSON
import Storage
import Testing
@testable import session_service

/// The outbox in the transaction: which events become rows, with what
/// body, and how attempts move a row on.
final class OutboxFixture {
    private let base: DomainFixture
    var db: SQLiteConnection { base.db }

    init() throws {
        base = try DomainFixture()
    }

    @discardableResult
    func webhook(_ events: [String], enabled: Bool = true) throws -> Int64 {
        let outcome = try db.transaction {
            try WebhooksDomain.create(db, body: ["name": "hook", "url": "http://127.0.0.1:9/x", "secret": "s",
                                                 "events": .array(events.map { .string($0) }),
                                                 "enabled": .bool(enabled)], now: "2026-03-15T19:00:00.000Z")
        }
        return outcome.body["id"]!.intValue!
    }

    func enqueue(_ events: [Event], at milliseconds: Int64 = 1000) throws -> Int {
        try db.transaction {
            try WebhookOutbox.enqueue(db, events: events, timestamp: "2026-03-15T19:00:01.000Z",
                                      nowMilliseconds: milliseconds)
        }
    }
}

@Suite struct WebhookOutboxTests {
    let gameAdded = Event("game.added", ["session": ["id": 1], "game": ["id": 2]])

    @Test func subscriptionMatching() {
        let column = WebhookEvents.encode(["game.added", "session.ended"])
        #expect(column == #"["game.added","session.ended"]"#)
        #expect(WebhookEvents.subscribes(column, to: "game.added"))
        #expect(WebhookEvents.subscribes(column, to: "session.ended"))
        #expect(!WebhookEvents.subscribes(column, to: "session.started"))
        #expect(!WebhookEvents.subscribes(column, to: "game"))
        #expect(!WebhookEvents.subscribes("not json", to: "game.added"))
    }

    @Test func onlySubscribedEnabledWebhooksGetRows() throws {
        let fixture = try OutboxFixture()
        let games = try fixture.webhook(["game.added"])
        try fixture.webhook(["session.started"])
        try fixture.webhook(["game.added"], enabled: false)
        let both = try fixture.webhook(["session.ended", "game.added"])
        let count = try fixture.enqueue([gameAdded, Event("player-count.updated", ["sessionId": 1])])
        #expect(count == 2)
        let rows = try fixture.db.query("SELECT webhook_id, event_type, body, attempts, status, next_attempt_at, delivery_uuid FROM webhook_deliveries ORDER BY id")
        #expect(rows.map { $0.int("webhook_id") } == [games, both])
        #expect(rows.allSatisfy { $0.string("status") == "pending" && $0.int("attempts") == 0 && $0.int("next_attempt_at") == 1000 })
        #expect(rows[0].string("body") == #"{"event":"game.added","timestamp":"2026-03-15T19:00:01.000Z","data":{"session":{"id":1},"game":{"id":2}}}"#)
        #expect(rows[0].string("delivery_uuid") != rows[1].string("delivery_uuid"))
    }

    @Test func noWebhooksNoRowsAndUnsubscribableEventsCostNothing() throws {
        let fixture = try OutboxFixture()
        #expect(try fixture.enqueue([gameAdded]) == 0)
        try fixture.webhook(["game.added"])
        #expect(try fixture.enqueue([Event("room.connected", [:])]) == 0)
    }

    @Test func dueGivesTheOldestPerWebhookAndTheNextDueTime() throws {
        let fixture = try OutboxFixture()
        let first = try fixture.webhook(["game.added"])
        let second = try fixture.webhook(["game.added"])
        _ = try fixture.enqueue([gameAdded], at: 1000)
        _ = try fixture.enqueue([gameAdded], at: 1001)
        _ = try fixture.enqueue([gameAdded], at: 5000)
        let batch = try fixture.db.transaction { try WebhookOutbox.due(fixture.db, nowMilliseconds: 2000) }
        #expect(batch.deliveries.map(\.webhookID) == [first, second])
        #expect(batch.deliveries.map(\.id) == [1, 2])
        #expect(batch.deliveries[0].url == "http://127.0.0.1:9/x")
        #expect(batch.deliveries[0].secret == "s")
        #expect(batch.nextDueAt == 5000)
    }

    @Test func recordingAttemptsMovesTheRowAndLogsEachOne() throws {
        let fixture = try OutboxFixture()
        let webhook = try fixture.webhook(["game.added"])
        _ = try fixture.enqueue([gameAdded], at: 1000)
        func record(_ attempt: Int, _ status: Int?, _ decision: WebhookRetryPolicy.Decision, at now: Int64) throws {
            try fixture.db.transaction {
                try WebhookOutbox.record(fixture.db, WebhookOutbox.Attempt(
                    deliveryID: 1, webhookID: webhook, eventType: "game.added", attempt: attempt,
                    responseStatus: status, errorMessage: status == nil ? "refused" : nil, durationMilliseconds: 3,
                    decision: decision), nowMilliseconds: now)
            }
        }
        try record(1, nil, .retry(afterMilliseconds: 200), at: 2000)
        var row = try fixture.db.query("SELECT attempts, status, next_attempt_at FROM webhook_deliveries")[0]
        #expect(row.int("attempts") == 1 && row.string("status") == "pending" && row.int("next_attempt_at") == 2200)
        #expect(try WebhookOutbox.due(fixture.db, nowMilliseconds: 2100).deliveries.isEmpty)
        #expect(try WebhookOutbox.due(fixture.db, nowMilliseconds: 2200).deliveries.first?.attempts == 1)
        try record(2, 200, .delivered, at: 2300)
        row = try fixture.db.query("SELECT attempts, status FROM webhook_deliveries")[0]
        #expect(row.int("attempts") == 2 && row.string("status") == "delivered")
        let logs = try WebhooksDomain.logs(fixture.db, id: webhook, limit: nil).arrayValue!
        #expect(logs.map { $0["attempt"] } == [2, 1])
        #expect(logs[0].objectValue?.keys == ["id", "webhook_id", "event_type", "attempt", "response_status",
                                              "error_message", "duration_ms", "created_at"])
        #expect(logs[1]["response_status"] == .null && logs[1]["error_message"] == "refused")
    }

    @Test func deletingAWebhookDropsItsDeliveriesAndAttemptsAfterwardsAreIgnored() throws {
        let fixture = try OutboxFixture()
        let webhook = try fixture.webhook(["game.added"])
        _ = try fixture.enqueue([gameAdded])
        _ = try fixture.db.transaction { try WebhooksDomain.delete(fixture.db, id: webhook) }
        #expect(try fixture.db.query("SELECT COUNT(*) AS n FROM webhook_deliveries")[0].int("n") == 0)
        try fixture.db.transaction {
            try WebhookOutbox.record(fixture.db, WebhookOutbox.Attempt(
                deliveryID: 1, webhookID: webhook, eventType: "game.added", attempt: 1, responseStatus: 200,
                errorMessage: nil, durationMilliseconds: 1, decision: .delivered), nowMilliseconds: 5)
        }
        #expect(try fixture.db.query("SELECT COUNT(*) AS n FROM webhook_logs")[0].int("n") == 0)
    }

    @Test func webhookObjectNeverCarriesTheSecret() throws {
        let fixture = try OutboxFixture()
        let id = try fixture.webhook(["game.added", "session.started"])
        let object = try WebhooksDomain.get(fixture.db, id: id)
        #expect(object.keys == ["id", "name", "url", "events", "enabled", "created_at"])
        #expect(object["events"] == ["game.added", "session.started"])
        #expect(object["enabled"] == true)
    }
}

@Suite struct WebhookOutboxPruneTests {
    @Test func pruneDropsOnlyOldFinishedRows() throws {
        let fixture = try OutboxFixture()
        let webhook = try fixture.webhook(["game.added"])
        for at in [1000, 2000, 3000] as [Int64] { _ = try fixture.enqueue([Event("game.added", [:])], at: at) }
        try fixture.db.run("UPDATE webhook_deliveries SET status = 'delivered' WHERE id = 1")
        try fixture.db.run("UPDATE webhook_deliveries SET status = 'failed' WHERE id = 3")
        #expect(try WebhookOutbox.prune(fixture.db, finishedBefore: 2500) == 1)
        let left = try fixture.db.query("SELECT id FROM webhook_deliveries ORDER BY id").map { $0.int("id") }
        #expect(left == [2, 3])
        #expect(webhook > 0)
    }
}

@Suite struct WebhookOutboxPlanTests {
    /// A backlog of thousands of rows must not turn every fetch into a scan.
    @Test func dueWalksThePendingIndexPerWebhook() throws {
        let fixture = try OutboxFixture()
        let plan = try fixture.db.query("EXPLAIN QUERY PLAN " + WebhookOutbox.dueQuery, [1, 10])
            .compactMap { $0.string("detail") }
        #expect(plan.contains { $0.contains("webhook_deliveries_pending") }, "\(plan)")
    }
}
