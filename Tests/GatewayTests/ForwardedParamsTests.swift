import HTTP
import JSON
import Testing
@testable import api_gateway

@Suite struct ForwardedParamsTests {
    private func params(_ items: [(String, String)], query: String? = nil) -> JSONObject {
        ForwardedParams.params(path: RouteParameters(items.map { (name: $0.0, value: $0.1) }), query: query)
    }

    @Test func idParametersAreIntegers() {
        let forwarded = params([("id", "5"), ("sessionGameId", "12")])
        #expect(forwarded["id"] == .int(5))
        #expect(forwarded["sessionGameId"] == .int(12))
    }

    @Test(arguments: ["abc", "-1", "0", "99999999999999999999", "1.5", ""])
    func invalidIdsAreZero(text: String) {
        #expect(params([("id", text)])["id"] == .int(0))
        #expect(params([("webhookId", text)])["webhookId"] == .int(0))
    }

    @Test func otherParametersAreTheDecodedString() {
        // The router has already percent-decoded the segment.
        let forwarded = params([("pack", "Party Pack 7"), ("identity", "42")])
        #expect(forwarded["pack"] == "Party Pack 7")
        // Only `id` and names ending in `Id` are ids.
        #expect(forwarded["identity"] == "42")
    }

    @Test func queryIsAlwaysForwarded_FirstValueWins() {
        #expect(params([])["query"] == .object(JSONObject()))
        let forwarded = params([("id", "1")], query: "limit=5&limit=9&name=a+b%21")
        #expect(forwarded["query"] == ["limit": "5", "name": "a b!"])
        #expect(forwarded.keys == ["id", "query"])
    }

    @Test func bodyIsForwardedForPostPutPatch_EmptyReadsAsAnEmptyObject() {
        for method in ["POST", "PUT", "PATCH"] {
            #expect(ForwardedParams.body(method: method, bytes: []) == .object(Array("{}".utf8)))
        }
        for method in ["GET", "DELETE", "HEAD"] {
            #expect(ForwardedParams.body(method: method, bytes: []) == .absent)
        }
    }

    @Test func aBodyIsForwardedWhateverTheMethod_WhenThereIsOne() {
        let bytes = Array(#"{"a":1}"#.utf8)
        #expect(ForwardedParams.body(method: "DELETE", bytes: bytes) == .object(bytes))
        #expect(ForwardedParams.body(method: "POST", bytes: bytes) == .object(bytes))
    }

    @Test(arguments: ["[1,2]", "\"key\"", "not json", #"{"a": "#, #"{"a":1} trailing"#, "null", #"{"a":"\u{1}"}"#])
    func aBodyThatIsNotAJSONObjectIsInvalid(text: String) {
        #expect(ForwardedParams.body(method: "POST", bytes: Array(text.utf8)) == .invalid)
        #expect(ForwardedParams.body(method: "GET", bytes: Array(text.utf8)) == .invalid)
    }

    @Test func onlyAnObjectBodyBecomesTheBodyMember() {
        #expect(ForwardedParams.Body.object(Array("{}".utf8)).member?.name == "body")
        #expect(ForwardedParams.Body.absent.member == nil)
        #expect(ForwardedParams.Body.invalid.member == nil)
    }

    @Test func routesForwardEveryParameterOfTheirPattern() {
        // Every :name of every route is an id or a string: nothing to list per
        // route. The only string parameter is a pack's name.
        for api in APIRoutes.all {
            let names = api.path.split(separator: "/").filter { $0.hasPrefix(":") }.map { String($0.dropFirst()) }
            #expect(names.allSatisfy { ForwardedParams.isIDName($0) || $0 == "name" }, "\(api.method) \(api.path)")
        }
        #expect(ForwardedParams.pathValue(name: "name", value: "Tom & Jerry's 7") == .string("Tom & Jerry's 7"))
    }

    @Test func onlyTheImportsRaiseTheBodyLimit() {
        let raised = APIRoutes.all.filter { $0.route.bodyLimit != GatewayRoute.defaultBodyLimit }
        #expect(raised.map { "\($0.method) \($0.path)" }
                == ["POST /api/games/import/csv", "POST /api/sessions/:id/chat-import"])
        #expect(raised.map(\.route.bodyLimit) == [4 * 1024 * 1024, 16 * 1024 * 1024])
    }
}

@Suite struct PathIDsTests {
    @Test(arguments: [("1", Int64(1)), ("42", 42), ("007", 7), ("9223372036854775807", Int64.max)])
    func positiveDecimalIdsParse(text: String, expected: Int64) {
        #expect(PathIDs.parse(text) == expected)
    }

    @Test(arguments: ["", "0", "00", "-1", "-0", "+1", "1.5", "1e3", "0x10", " 1", "1 ", "abc", "٣",
                      "9223372036854775808", "99999999999999999999"])
    func anythingElseNamesNoRow(text: String) {
        #expect(PathIDs.parse(text) == nil)
        #expect(!PathIDs.allValid(RouteParameters([(name: "id", value: text)])))
    }

    @Test func onlyIdParametersAreChecked() {
        #expect(PathIDs.allValid(RouteParameters([(name: "name", value: "Party Pack 7"), (name: "id", value: "3")])))
        #expect(!PathIDs.allValid(RouteParameters([(name: "id", value: "3"), (name: "sessionGameId", value: "0")])))
    }

    @Test func everyRouteWithAnIdAnswersItsOwnNotFound() {
        // The messages the services answer for an unknown id (sessions-api.txt
        // for the sessions routes, platform-api.md for games and webhooks).
        var messages: [String: String] = [:]
        for api in APIRoutes.all {
            guard let message = PathIDs.notFoundMessage(forPattern: api.path) else {
                #expect(!api.path.contains(":id") && !api.path.contains("Id"), "\(api.path)")
                continue
            }
            messages["\(api.method) \(api.path)"] = message
        }
        #expect(messages["GET /api/sessions/:id/games"] == "Session not found")
        #expect(messages["GET /api/sessions/:id/votes"] == "Session not found")
        #expect(messages["PATCH /api/sessions/:id/games/:sessionGameId/status"] == "Session game not found")
        #expect(messages["GET /api/games/:id"] == "Game not found")
        #expect(messages["POST /api/webhooks/test/:id"] == "Webhook not found")
        #expect(messages["GET /api/webhooks/:id/logs"] == "Webhook not found")
        #expect(!messages.values.contains("Not found"), "every id route names its row: \(messages)")
        #expect(PathIDs.notFoundMessage(forPattern: "/api/games/packs/:name/toggle") == nil)
    }
}
