import JSON
import Testing
@testable import api_gateway

@Suite struct LiveProtocolTests {
    @Test(arguments: [
        (#"{"type":"auth","token":"abc"}"#, LiveProtocol.ClientMessage.auth(token: "abc")),
        (#"{"type":"auth","token":""}"#, .auth(token: nil)),
        (#"{"type":"auth"}"#, .auth(token: nil)),
        (#"{"type":"subscribe","sessionId":5}"#, .subscribe(sessionID: 5)),
        (#"{"type":"subscribe","sessionId":"7"}"#, .subscribe(sessionID: 7)),
        (#"{"type":"subscribe","sessionId":-1}"#, .subscribe(sessionID: nil)),
        (#"{"type":"subscribe"}"#, .subscribe(sessionID: nil)),
        (#"{"type":"unsubscribe","sessionId":5}"#, .unsubscribe(sessionID: 5)),
        (#"{"type":"ping"}"#, .ping),
        (#"{"type":"dance"}"#, .unknown),
        (#"{"kind":"ping"}"#, .unknown),
        (#"[1,2]"#, .invalid),
        ("not json", .invalid),
    ])
    func clientMessagesParse(text: String, expected: LiveProtocol.ClientMessage) {
        #expect(LiveProtocol.parse(text) == expected)
    }

    @Test func repliesAreTheDocumentedJSON() {
        #expect(LiveProtocol.authSuccess == #"{"type":"auth_success","message":"Authenticated successfully"}"#)
        #expect(LiveProtocol.subscribed(5) == #"{"type":"subscribed","sessionId":5,"message":"Subscribed to session 5"}"#)
        #expect(LiveProtocol.unsubscribed(5) == #"{"type":"unsubscribed","sessionId":5}"#)
        #expect(LiveProtocol.pong == #"{"type":"pong"}"#)
        #expect(LiveProtocol.notAuthenticated == #"{"type":"error","message":"Not authenticated"}"#)
    }

    @Test func eventsFindTheirSession() {
        #expect(LiveProtocol.sessionID(ofEventData: ["sessionId": 4, "gameId": 9]) == 4)
        #expect(LiveProtocol.sessionID(ofEventData: ["session": ["id": 3, "is_active": 1]]) == 3)
        #expect(LiveProtocol.sessionID(ofEventData: ["other": 1]) == nil)
    }

    @Test func eventEnvelopeKeepsTypeTimestampDataOrder() {
        let text = LiveProtocol.event(type: "game.added", timestamp: "2026-03-15T19:00:00.000Z", data: ["a": 1])
        #expect(text == #"{"type":"game.added","timestamp":"2026-03-15T19:00:00.000Z","data":{"a":1}}"#)
    }
}
