import Testing
@testable import monitor_service

@Suite struct ShardURLTests {
    @Test func httpsBecomesWssWithTheLookupHost() {
        let url = ShardURL(baseURL: "https://ecast.jackboxgames.com", host: shardHost, code: "LSBN", sessionID: 3)
        #expect(url.string == freshURL)
        #expect(ShardURL.subprotocol == "ecast-v0")
    }

    @Test func httpBecomesWsAndAHostKeepsItsPort() {
        let url = ShardURL(baseURL: "http://127.0.0.1:8123", host: "127.0.0.1:40123", code: "ABCD", sessionID: 12)
        #expect(url.string
            == "ws://127.0.0.1:40123/api/v2/rooms/ABCD/play?role=shard&name=GamePicker&userId=gamepicker-12&format=json")
        #expect(ShardURL(baseURL: "HTTP://x", host: "h", code: "ABCD", sessionID: 1).string.hasPrefix("ws://h/"))
    }

    @Test func withoutAHostTheBaseURLsHostIsUsed() {
        #expect(ShardURL(baseURL: "http://127.0.0.1:8123/prefix?q", host: nil, code: "ABCD", sessionID: 1).string
            .hasPrefix("ws://127.0.0.1:8123/api/v2/rooms/ABCD/play?"))
        #expect(ShardURL(baseURL: "https://e.example", host: "", code: "ABCD", sessionID: 1).string
            .hasPrefix("wss://e.example/api/"))
    }

    @Test func reconnectAppendsSecretAndIDPercentEncoded() {
        let url = ShardURL(baseURL: "https://e", host: shardHost, code: "LSBN", sessionID: 3,
                           secret: "a+b/c=d&e f~g.h_i-j%ü", id: 7)
        #expect(url.string == freshURL + "&secret=a%2Bb%2Fc%3Dd%26e%20f~g.h_i-j%25%C3%BC&id=7")
        // A secret without an id (or the reverse) is not a slot.
        #expect(ShardURL(baseURL: "https://e", host: shardHost, code: "LSBN", sessionID: 3, secret: "s", id: nil).string
            == freshURL)
    }

    @Test func negativeSessionIDsAndOddCodesAreEncoded() {
        let url = ShardURL(baseURL: "https://e", host: "h", code: "A/B?", sessionID: -4)
        #expect(url.string == "wss://h/api/v2/rooms/A%2FB%3F/play?role=shard&name=GamePicker&userId=gamepicker--4&format=json")
    }
}
