import Testing
@testable import monitor_service

@Suite struct RoomLookupTests {
    static let body = """
        {"ok":true,"body":{"appId":"fdac94cc","appTag":"drawful2international","audienceEnabled":true,"code":"LSBN",
        "host":"ecast-prod-use2.jackboxgames.com","audienceHost":"ecast-prod-use2.jackboxgames.com","locked":false,
        "full":false,"maxPlayers":8,"minPlayers":3,"moderationEnabled":false,"passwordRequired":false}}
        """

    @Test func aTwoHundredIsTheRoom() {
        #expect(RoomLookup.classify(status: 200, body: Self.body, requestedCode: "LSBN") == .success(drawful))
    }

    @Test func statusCodes() {
        #expect(RoomLookup.classify(status: 404, body: "", requestedCode: "LSBN") == .failure(.notFound))
        for status in [0, 400, 403, 410, 429, 500, 502, 503] {
            #expect(RoomLookup.classify(status: status, body: Self.body, requestedCode: "LSBN") == .failure(.transient))
        }
        // A 200 we cannot read is worth retrying.
        for body in ["", "<html>", "[]", #"{"ok":false,"error":"nope"}"#, #"{"ok":true,"body":5}"#] {
            #expect(RoomLookup.classify(status: 200, body: body, requestedCode: "LSBN") == .failure(.transient))
        }
    }

    @Test func fieldsAreOptionalAndTyped() {
        let room = RoomLookup.parse(body: #"{"body":{"host":"127.0.0.1:4040","locked":true,"maxPlayers":"8","full":1}}"#,
                                    requestedCode: "ABCD")
        #expect(room == RoomLookup.Room(code: "ABCD", host: "127.0.0.1:4040", locked: true))
        // No envelope, empty host.
        #expect(RoomLookup.parse(body: #"{"code":"WXYZ","host":"","maxPlayers":10}"#, requestedCode: "ABCD")
            == RoomLookup.Room(code: "WXYZ", maxPlayers: 10))
    }

    @Test func lookupURL() {
        #expect(RoomLookup.url(baseURL: "https://ecast.jackboxgames.com", code: "LSBN")
            == "https://ecast.jackboxgames.com/api/v2/rooms/LSBN")
        #expect(RoomLookup.url(baseURL: "http://127.0.0.1:9000//", code: "A B") == "http://127.0.0.1:9000/api/v2/rooms/A%20B")
    }
}
