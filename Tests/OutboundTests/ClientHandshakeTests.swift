import Crypto
import HTTP
import Testing
@testable import Outbound
import WebSocket

/// The client side of the opening handshake (RFC 6455 §4.1) and client
/// frame masking (§5.3).
struct ClientHandshakeTests {
    let key = "dGhlIHNhbXBsZSBub25jZQ=="
    let accept = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="  // §1.3's example

    func head(status: Int = 101, _ fields: [(String, String)]) -> HTTPResponseHead {
        HTTPResponseHead(status: status, headers: HTTPHeaders(fields))
    }

    var good: [(String, String)] {
        [("Upgrade", "websocket"), ("Connection", "Upgrade"), ("Sec-WebSocket-Accept", accept)]
    }

    @Test func validResponse_isAccepted() {
        #expect(WebSocketClientHandshake.validate(head(good), key: key, offered: []) == .success(nil))
    }

    @Test func tokensCompareCaseInsensitively_andConnectionIsAList() {
        let fields = [("upgrade", "WebSocket"), ("connection", "keep-alive, UPGRADE"), ("sec-websocket-accept", accept)]
        #expect(WebSocketClientHandshake.validate(head(fields), key: key, offered: []) == .success(nil))
    }

    @Test func non101_isRejected() {
        #expect(WebSocketClientHandshake.validate(head(status: 200, good), key: key, offered: [])
            == .failure(.notSwitchingProtocols(status: 200)))
    }

    @Test func missingUpgrade_isRejected() {
        let fields = good.filter { $0.0 != "Upgrade" }
        #expect(WebSocketClientHandshake.validate(head(fields), key: key, offered: []) == .failure(.missingUpgrade))
    }

    @Test func missingConnectionUpgrade_isRejected() {
        let fields = good.map { $0.0 == "Connection" ? ("Connection", "keep-alive") : $0 }
        #expect(WebSocketClientHandshake.validate(head(fields), key: key, offered: [])
            == .failure(.missingConnectionUpgrade))
    }

    @Test(arguments: [nil, "x3JJHMbDL1EzLkh9GBhXDw==", "S3PPLMBITXAQ9KYGZZHZRBK+XOO="])
    func wrongOrMissingAccept_isRejected(value: String?) {
        var fields = good.filter { $0.0 != "Sec-WebSocket-Accept" }
        if let value { fields.append(("Sec-WebSocket-Accept", value)) }
        #expect(WebSocketClientHandshake.validate(head(fields), key: key, offered: []) == .failure(.acceptMismatch))
    }

    @Test func offeredSubprotocol_isReturned() {
        let fields = good + [("Sec-WebSocket-Protocol", "ecast-v0")]
        #expect(WebSocketClientHandshake.validate(head(fields), key: key, offered: ["ecast-v0"]) == .success("ecast-v0"))
    }

    @Test func subprotocolNotOffered_isRejected() {
        let fields = good + [("Sec-WebSocket-Protocol", "chat")]
        #expect(WebSocketClientHandshake.validate(head(fields), key: key, offered: ["ecast-v0"])
            == .failure(.unexpectedSubprotocol("chat")))
        #expect(WebSocketClientHandshake.validate(head(fields), key: key, offered: [])
            == .failure(.unexpectedSubprotocol("chat")))
    }

    @Test func extensionNotOffered_isRejected() {
        let fields = good + [("Sec-WebSocket-Extensions", "permessage-deflate")]
        #expect(WebSocketClientHandshake.validate(head(fields), key: key, offered: [])
            == .failure(.unexpectedExtension("permessage-deflate")))
    }

    @Test func request_hasTheRequiredFields() throws {
        let url = try #require(WebSocketURL("wss://ecast.jackboxgames.com/api/v2/rooms/ABCD/play?role=audience"))
        let text = String(decoding: WebSocketClientHandshake.request(
            url: url, key: key, subprotocols: ["ecast-v0"],
            extra: [("User-Agent", "Mozilla/5.0"), ("Host", "evil"), ("X-Bad", "a\r\nInjected: 1")]), as: UTF8.self)
        #expect(text == "GET /api/v2/rooms/ABCD/play?role=audience HTTP/1.1\r\nHost: ecast.jackboxgames.com\r\n"
            + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: \(key)\r\n"
            + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: ecast-v0\r\nUser-Agent: Mozilla/5.0\r\n\r\n")
    }

    @Test func key_isBase64Of16Bytes() {
        let generated = WebSocketClientHandshake.key(nonce: SecureRandom.bytes(16))
        #expect(Base64.decode(generated)?.count == 16)
    }

    @Test(arguments: [
        ("ws://example.com", false, "example.com", 80, "/", "example.com"),
        ("WSS://Example.com:8443/a?b=c", true, "Example.com", 8443, "/a?b=c", "Example.com:8443"),
        ("ws://[::1]:9000?x", false, "::1", 9000, "/?x", "[::1]:9000"),
        ("wss://h:443/", true, "h", 443, "/", "h"),
    ])
    func urls_areSplit(text: String, secure: Bool, host: String, port: Int, resource: String, hostField: String) throws {
        let url = try #require(WebSocketURL(text))
        #expect(url.secure == secure && url.host == host && url.port == port && url.resource == resource)
        #expect(url.hostField == hostField)
    }

    @Test(arguments: ["http://x/", "ws://", "ws://x/#frag", "ws://user@x/", "ws://x:0/", "ws://x:99999/", "ws://x/a b"])
    func badURLs_areRefused(text: String) {
        #expect(WebSocketURL(text) == nil)
    }

    @Test func maskKeys_areFreshPerFrame_andMaskingRoundTrips() throws {
        var source = MaskKeySource()
        let keys = (0..<200).map { _ in source.next() }
        #expect(Set(keys).count == keys.count)
        let frame = WebSocketFrameEncoder.encodeMasked(opcode: .text, payload: Array("hello".utf8), maskKey: keys[0])
        #expect(frame[1] & 0x80 != 0)
        var parser = WebSocketFrameParser(maxFramePayload: 100, expectMasked: true)
        parser.append(frame)
        #expect(try parser.nextFrame()?.payload == Array("hello".utf8))
    }
}
