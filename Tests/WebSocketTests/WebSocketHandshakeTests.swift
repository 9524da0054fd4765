import HTTP
import Testing
@testable import WebSocket

struct WebSocketHandshakeTests {
    static let key = "dGhlIHNhbXBsZSBub25jZQ=="

    /// The §1.3 request, with any field replaced (`nil` value removes it).
    static func request(
        method: String = "GET", minor: Int = 1, replacing overrides: [(String, String?)] = []
    ) -> HTTPRequestHead {
        var headers: HTTPHeaders = [
            "Host": "server.example.com",
            "Upgrade": "websocket",
            "Connection": "Upgrade",
            "Sec-WebSocket-Key": key,
            "Origin": "http://example.com",
            "Sec-WebSocket-Protocol": "chat, superchat",
            "Sec-WebSocket-Version": "13",
        ]
        for (name, value) in overrides {
            if let value { headers.replaceOrAdd(name: name, value: value) } else { headers.remove(name: name) }
        }
        return HTTPRequestHead(method: method, target: "/chat", versionMajor: 1, versionMinor: minor, headers: headers)
    }

    static func rejection(_ head: HTTPRequestHead) -> WebSocketHandshakeRejection? {
        if case .failure(let rejection) = WebSocketHandshake.evaluate(head) { return rejection }
        return nil
    }

    @Test func validRequest_gets101WithUpgradeConnectionAndAccept() throws {
        guard case .success(let response) = WebSocketHandshake.evaluate(Self.request()) else {
            Issue.record("handshake rejected")
            return
        }
        #expect(response.status == 101)
        #expect(response.headers["Upgrade"] == "websocket")
        #expect(response.headers["Connection"] == "Upgrade")
        #expect(response.headers["Sec-WebSocket-Accept"] == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
        #expect(response.headers.count == 3)
        #expect(response.body.isEmpty)
    }

    @Test func subprotocolsAndExtensions_areNotNegotiated() {
        let head = Self.request(replacing: [("Sec-WebSocket-Extensions", "permessage-deflate")])
        guard case .success(let response) = WebSocketHandshake.evaluate(head) else {
            Issue.record("handshake rejected")
            return
        }
        #expect(!response.headers.contains(name: "Sec-WebSocket-Protocol"))
        #expect(!response.headers.contains(name: "Sec-WebSocket-Extensions"))
    }

    @Test func tokensAndNames_matchCaseInsensitively_inLists() {
        let head = Self.request(replacing: [
            ("Upgrade", "h2c, WebSocket"), ("Connection", "keep-alive, UPGRADE"),
            ("sec-websocket-key", Self.key), ("SEC-WEBSOCKET-VERSION", "13"),
        ])
        guard case .success(let response) = WebSocketHandshake.evaluate(head) else {
            Issue.record("handshake rejected")
            return
        }
        #expect(response.headers["Sec-WebSocket-Accept"] == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
    }

    @Test func acceptKey_usesTheKeyAsSent_notDecoded() {
        // The widely quoted second example (e.g. Wikipedia's WebSocket article).
        #expect(WebSocketHandshake.acceptKey(for: "x3JJHMbDL1EzLkh9GBhXDw==") == "HSmrc0sMlYUkAGmm5OPpG2HaGWk=")
    }

    @Test(arguments: [
        ("POST", 1, [(String, String?)](), "WebSocket upgrade requires GET"),
        ("get", 1, [], "WebSocket upgrade requires GET"),
        ("GET", 0, [], "WebSocket upgrade requires HTTP/1.1"),
        ("GET", 1, [("Host", nil)], "missing Host header"),
        ("GET", 1, [("Upgrade", nil)], "Upgrade header must contain websocket"),
        ("GET", 1, [("Upgrade", "h2c")], "Upgrade header must contain websocket"),
        ("GET", 1, [("Upgrade", "websockets")], "Upgrade header must contain websocket"),
        ("GET", 1, [("Connection", nil)], "Connection header must contain upgrade"),
        ("GET", 1, [("Connection", "keep-alive")], "Connection header must contain upgrade"),
        ("GET", 1, [("Sec-WebSocket-Key", nil)], "missing Sec-WebSocket-Key header"),
        ("GET", 1, [("Sec-WebSocket-Key", "AAAAAAAAAAAAAAAAAAAA")], "Sec-WebSocket-Key must be base64 of 16 bytes"),
        ("GET", 1, [("Sec-WebSocket-Key", "AAAAAAAAAAAAAAAAAAAAAAA=")], "Sec-WebSocket-Key must be base64 of 16 bytes"),
        ("GET", 1, [("Sec-WebSocket-Key", "not base64 at all!!!!!==")], "Sec-WebSocket-Key must be base64 of 16 bytes"),
        ("GET", 1, [("Sec-WebSocket-Key", "")], "Sec-WebSocket-Key must be base64 of 16 bytes"),
    ] as [(String, Int, [(String, String?)], String)])
    func invalidRequest_gets400WithJSONReason(method: String, minor: Int, overrides: [(String, String?)], reason: String) {
        guard let rejection = Self.rejection(Self.request(method: method, minor: minor, replacing: overrides)) else {
            Issue.record("handshake accepted")
            return
        }
        #expect(rejection.response.status == 400)
        #expect(rejection.reason == reason)
        #expect(rejection.response.body == bytes(#"{"error":"\#(reason)"}"#))
        #expect(rejection.response.headers["Content-Type"] == "application/json; charset=utf-8")
        #expect(!rejection.response.headers.contains(name: "Sec-WebSocket-Version"))
    }

    @Test func duplicateKey_gets400() {
        var head = Self.request()
        head.headers.add(name: "Sec-WebSocket-Key", value: "AQIDBAUGBwgJCgsMDQ4PEA==")
        #expect(Self.rejection(head)?.response.status == 400)
        #expect(Self.rejection(head)?.reason == "more than one Sec-WebSocket-Key header")
    }

    @Test(arguments: [nil, "8", "12", "14", "13, 8", ""] as [String?])
    func missingOrOtherVersion_gets426NamingVersion13(version: String?) {
        guard let rejection = Self.rejection(Self.request(replacing: [("Sec-WebSocket-Version", version)])) else {
            Issue.record("handshake accepted")
            return
        }
        #expect(rejection.response.status == 426)
        #expect(rejection.response.headers["Sec-WebSocket-Version"] == "13")
        #expect(rejection.response.body == bytes(#"{"error":"unsupported WebSocket version, expected 13"}"#))
    }

    @Test func versionIsCheckedBeforeTheKey_soOldDraftClientsLearnVersion13() {
        let head = Self.request(replacing: [("Sec-WebSocket-Version", nil), ("Sec-WebSocket-Key", nil)])
        #expect(Self.rejection(head)?.response.status == 426)
    }

    @Test func http2Minor_isAccepted() {
        let head = HTTPRequestHead(method: "GET", target: "/", versionMajor: 2, versionMinor: 0,
                                   headers: Self.request().headers)
        guard case .success = WebSocketHandshake.evaluate(head) else {
            Issue.record("handshake rejected")
            return
        }
    }
}
