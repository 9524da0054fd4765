import Crypto
import JSON
import Testing
@testable import session_service

/// The body is built once and its exact bytes signed: these pin the format
/// receivers verify against.
@Suite struct WebhookPayloadTests {
    @Test func bodyIsCompactWithEventTimestampDataInOrder() {
        let body = WebhookPayload.body(event: "game.added", timestamp: "2026-03-15T19:00:00.000Z",
                                       data: ["session": ["id": 1, "is_active": true], "game": ["title": "Quip/lash \"3\""]])
        #expect(body == #"{"event":"game.added","timestamp":"2026-03-15T19:00:00.000Z","data":{"session":{"id":1,"is_active":true},"game":{"title":"Quip/lash \"3\""}}}"#)
    }

    @Test func signatureIsLowercaseHexHMACOfTheExactBody() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
        let signature = WebhookPayload.signature(secret: "Jefe", body: "what do ya want for nothing?")
        #expect(signature == "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    @Test func signatureCoversNonASCIIAsUTF8() {
        let body = #"{"name":"Ünïcødé 🎮"}"#
        let expected = Hex.encode(HMACSHA256.authenticationCode(key: Array("s3cret".utf8), message: Array(body.utf8)))
        #expect(WebhookPayload.signature(secret: "s3cret", body: body) == "sha256=" + expected)
        #expect(WebhookPayload.signature(secret: "other", body: body) != "sha256=" + expected)
    }

    @Test func testDeliveryCarriesTheDocumentedMessage() {
        let data = WebhookPayload.testData(webhookID: 7, name: "bot")
        #expect(data["message"] == "This is a test webhook from gamenight")
        #expect(data["webhook"]?["id"] == 7)
    }
}
