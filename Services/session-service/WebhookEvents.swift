import JSON

/// The event types a webhook may subscribe to (platform-api.md "Webhooks"),
/// and how a webhook's stored `events` column is read and matched.
///
/// Only these types ever reach the outbox: room and lobby chatter from the
/// monitors stays on the WebSocket, where losing a message costs nothing.
enum WebhookEvents {
    /// In the order the document lists them. `vote.received` is published
    /// by vote-service; it is accepted here so subscriptions can be made
    /// before that path exists.
    static let subscribable = ["game.added", "session.started", "session.ended", "vote.received"]

    /// The type of the delivery `POST /api/webhooks/test/{id}` enqueues; not
    /// subscribable, sent only on request.
    static let test = "webhook.test"

    static func isSubscribable(_ type: String) -> Bool { subscribable.contains(type) }

    /// The `events` column: a compact JSON array of type names.
    static func encode(_ events: [String]) -> String {
        JSONValue.array(events.map { .string($0) }).jsonString
    }

    /// Reads the `events` column; anything unreadable subscribes to nothing
    /// (the column is only ever written by `encode`).
    static func decode(_ text: String) -> [String] {
        guard let values = (try? JSONValue.parse(text))?.arrayValue else { return [] }
        return values.compactMap(\.stringValue)
    }

    /// True when a webhook whose `events` column is `column` wants `type`.
    static func subscribes(_ column: String, to type: String) -> Bool {
        decode(column).contains(type)
    }
}
