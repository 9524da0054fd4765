@testable import HTTP
import Testing

struct RouterTests {
    private func found(_ match: RouteMatch<String>?) -> (handler: String, parameters: RouteParameters)? {
        if case .found(let handler, let parameters) = match { (handler, parameters) } else { nil }
    }

    private func allowed(_ match: RouteMatch<String>?) -> [String]? {
        if case .methodNotAllowed(let methods) = match { methods } else { nil }
    }

    private func sessionsRouter() -> Router<String> {
        var router = Router<String>()
        router.add("GET", "/api/sessions/:id", "getSession")
        router.add("GET", "/api/sessions/active", "activeSession")
        router.add("POST", "/api/sessions", "createSession")
        router.add("GET", "/api/sessions", "listSessions")
        router.add("PUT", "/api/sessions/:id/games/:sessionGameId/status", "setStatus")
        router.add("GET", "/api/sessions/:id/games", "listGames")
        router.add("DELETE", "/api/sessions/:id", "deleteSession")
        router.add("GET", "/", "root")
        return router
    }

    @Test func literalRoute_matchesWithoutParameters() {
        let match = found(sessionsRouter().match(method: "POST", path: "/api/sessions"))
        #expect(match?.handler == "createSession")
        #expect(match?.parameters.isEmpty == true)
    }

    @Test func parameters_areCapturedByName_andPercentDecoded() {
        let match = found(sessionsRouter().match(method: "PUT", path: "/api/sessions/s%201/games/g7/status"))
        #expect(match?.handler == "setStatus")
        #expect(match?.parameters["id"] == "s 1")
        #expect(match?.parameters["sessionGameId"] == "g7")
        #expect(match?.parameters.items.map(\.name) == ["id", "sessionGameId"])
    }

    @Test func literalSegment_beatsParameter_whateverTheRegistrationOrder() {
        let router = sessionsRouter()
        #expect(found(router.match(method: "GET", path: "/api/sessions/active"))?.handler == "activeSession")
        #expect(found(router.match(method: "GET", path: "/api/sessions/42"))?.handler == "getSession")
        #expect(found(router.match(method: "GET", path: "/api/sessions/42"))?.parameters["id"] == "42")
    }

    @Test func literalBranchThatDeadEnds_fallsBackToTheParameterBranch() {
        let match = found(sessionsRouter().match(method: "GET", path: "/api/sessions/active/games"))
        #expect(match?.handler == "listGames")
        #expect(match?.parameters["id"] == "active")
    }

    @Test func literalPathWithoutTheMethod_isMethodNotAllowed_notAParameterRouteWithIt() {
        // `/api/sessions/active` is its own resource: DELETE there is not
        // `DELETE /api/sessions/:id` with the id "active".
        #expect(allowed(sessionsRouter().match(method: "DELETE", path: "/api/sessions/active")) == ["GET", "HEAD"])
        #expect(found(sessionsRouter().match(method: "DELETE", path: "/api/sessions/7"))?.handler == "deleteSession")
    }

    @Test func knownPathWithOtherMethod_isMethodNotAllowed_listingAllowedMethods() {
        let router = sessionsRouter()
        #expect(allowed(router.match(method: "DELETE", path: "/api/sessions")) == ["POST", "GET", "HEAD"])
        #expect(allowed(router.match(method: "POST", path: "/api/sessions/42")) == ["GET", "HEAD", "DELETE"])
        #expect(allowed(router.match(method: "OPTIONS", path: "/api/sessions/1/games/2/status")) == ["PUT"])
    }

    @Test func unknownPath_isNotFound() {
        let router = sessionsRouter()
        #expect(router.match(method: "GET", path: "/api/nope") == nil)
        #expect(router.match(method: "GET", path: "/api/sessions/1/games/2") == nil)
        #expect(router.match(method: "GET", path: "api/sessions") == nil)
        #expect(router.match(method: "GET", path: "") == nil)
    }

    @Test func head_usesTheGetRoute_unlessAHeadRouteExists() {
        var router = sessionsRouter()
        #expect(found(router.match(method: "HEAD", path: "/api/sessions"))?.handler == "listSessions")
        router.add("HEAD", "/api/sessions", "headSessions")
        #expect(found(router.match(method: "HEAD", path: "/api/sessions"))?.handler == "headSessions")
        #expect(allowed(router.match(method: "PATCH", path: "/api/sessions")) == ["POST", "GET", "HEAD"])
    }

    @Test func methods_areCaseSensitive() {
        #expect(allowed(sessionsRouter().match(method: "get", path: "/api/sessions")) != nil)
    }

    @Test func oneTrailingSlash_isIgnored_butEmptySegmentsMatchNothing() {
        let router = sessionsRouter()
        #expect(found(router.match(method: "GET", path: "/api/sessions/"))?.handler == "listSessions")
        #expect(found(router.match(method: "GET", path: "/api/sessions/7/"))?.parameters["id"] == "7")
        #expect(router.match(method: "GET", path: "/api//sessions") == nil)
        #expect(router.match(method: "GET", path: "/api/sessions//") == nil)
        #expect(router.match(method: "GET", path: "/api/sessions//games") == nil)
    }

    @Test func rootPattern_matchesSlash() {
        #expect(found(sessionsRouter().match(method: "GET", path: "/"))?.handler == "root")
    }

    @Test func parameterWithMalformedEscape_makesThePathNotMatch() {
        #expect(sessionsRouter().match(method: "GET", path: "/api/sessions/%zz") == nil)
    }

    @Test func literalSegments_compareWithTheRawPath() {
        #expect(found(sessionsRouter().match(method: "GET", path: "/api/sessions/%61ctive"))?.handler == "getSession")
    }

    @Test func sameParameterPosition_mayHaveDifferentNamesPerRoute() {
        var router = Router<String>()
        router.add("GET", "/users/:userId", "user")
        router.add("GET", "/users/:id/posts/:postId", "post")
        #expect(found(router.match(method: "GET", path: "/users/5"))?.parameters["userId"] == "5")
        let post = found(router.match(method: "GET", path: "/users/5/posts/9"))
        #expect(post?.parameters == RouteParameters([(name: "id", value: "5"), (name: "postId", value: "9")]))
    }

    @Test func sixtyRoutes_eachMatchTheirOwnHandler() {
        var router = Router<Int>()
        for index in 0..<30 {
            router.add("GET", "/api/resource\(index)", index)
            router.add("POST", "/api/resource\(index)/:id/action", 100 + index)
        }
        for index in 0..<30 {
            let actionPath = "/api/resource\(index)/x\(index)/action"
            guard case .found(let plain, _) = router.match(method: "GET", path: "/api/resource\(index)"),
                  case .found(let action, let parameters) = router.match(method: "POST", path: actionPath)
            else {
                Issue.record("route \(index) did not match")
                continue
            }
            #expect(plain == index)
            #expect(action == 100 + index)
            #expect(parameters["id"] == "x\(index)")
        }
    }
}
