import Storage
import Testing
@testable import session_service

/// `webhook_logs` keeps the newest `logsKeptPerWebhook` rows per webhook.
@Suite struct WebhookLogPruneTests {
    @Test func onlyTheNewestRowsPerWebhookAreKept() throws {
        let fixture = try OutboxFixture()
        let first = try fixture.webhook(["game.added"])
        let second = try fixture.webhook(["game.added"])
        let kept = WebhookOutbox.logsKeptPerWebhook
        try fixture.db.transaction {
            for n in 1...(kept + 20) {
                try WebhookOutbox.record(fixture.db, WebhookOutbox.Attempt(
                    deliveryID: 999, webhookID: first, eventType: "game.added", attempt: n, responseStatus: 500,
                    errorMessage: "HTTP 500", durationMilliseconds: 1, decision: .failed), nowMilliseconds: Int64(n))
            }
            try WebhookOutbox.record(fixture.db, WebhookOutbox.Attempt(
                deliveryID: 998, webhookID: second, eventType: "game.added", attempt: 1, responseStatus: 200,
                errorMessage: nil, durationMilliseconds: 1, decision: .delivered), nowMilliseconds: 1)
        }
        let counts = try fixture.db.query("SELECT webhook_id, COUNT(*) AS n, MIN(attempt) AS oldest FROM webhook_logs GROUP BY webhook_id ORDER BY webhook_id")
        #expect(counts.map { $0.int("n") } == [Int64(kept), 1])
        #expect(counts[0].int("oldest") == 21)
        _ = second
    }
}
