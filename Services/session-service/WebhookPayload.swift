import Crypto
import JSON

/// What a receiver gets: the body (platform-api.md "Webhooks") and its
/// signature.
///
/// The body is serialized ONCE, when the delivery is enqueued, and those
/// exact bytes are stored, signed and sent on every attempt. Re-serializing
/// at send time could reorder or re-escape something and break the
/// receiver's signature check; storing bytes makes that impossible.
enum WebhookPayload {
    /// `{"event":<type>,"timestamp":<ISO ms>,"data":{…}}`, compact; `data`
    /// is the same object the WebSocket event carries.
    static func body(event type: String, timestamp: String, data: JSONObject) -> String {
        var object = JSONObject()
        object.reserveCapacity(3)
        object.append("event", .string(type))
        object.append("timestamp", .string(timestamp))
        object.append("data", .object(data))
        return JSONValue.object(object).jsonString
    }

    /// `X-Webhook-Signature`: `sha256=` and the lowercase hex
    /// HMAC-SHA256(secret, exact body bytes).
    static func signature(secret: String, body: String) -> String {
        "sha256=" + Hex.encode(HMACSHA256.authenticationCode(key: Array(secret.utf8), message: Array(body.utf8)))
    }

    /// `POST /api/webhooks/test/{id}`'s event data.
    static func testData(webhookID: Int64, name: String) -> JSONObject {
        ["message": "This is a test webhook from gamenight", "webhook": ["id": .int(webhookID), "name": .string(name)]]
    }
}
