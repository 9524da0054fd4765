@testable import HTTP
import Testing
import TestSupport

struct RequestLineParsingTests {
    @Test func simpleGet_yieldsHeadThenEmptyBody() throws {
        let outcome = parseAllWays("GET /api/games HTTP/1.1\r\nHost: example.com\r\nAccept: */*\r\n\r\n")
        #expect(outcome.error == nil)
        #expect(outcome.events.count == 2)
        let head = try #require(outcome.heads.first)
        #expect(head.method == "GET")
        #expect(head.target == "/api/games")
        #expect(head.path == "/api/games")
        #expect(head.query == nil)
        #expect(head.versionMajor == 1 && head.versionMinor == 1)
        #expect(head.headers == ["Host": "example.com", "Accept": "*/*"])
        #expect(outcome.bodies == [[]])
    }

    @Test func target_withQuery_splitsRawPathAndRawQuery() throws {
        let outcome = parseAllWays("GET /api/games%2Fx?limit=10&q=a%20b?c HTTP/1.1\r\nHost: a\r\n\r\n")
        let head = try #require(outcome.heads.first)
        #expect(head.target == "/api/games%2Fx?limit=10&q=a%20b?c")
        #expect(head.path == "/api/games%2Fx")
        #expect(head.query == "limit=10&q=a%20b?c")
    }

    @Test func target_withEmptyQuery_hasEmptyQueryString() throws {
        let head = try #require(parseAllWays("GET /x? HTTP/1.1\r\nHost: a\r\n\r\n").heads.first)
        #expect(head.path == "/x")
        #expect(head.query == "")
    }

    @Test func absoluteFormTarget_yieldsItsPathAndQuery() throws {
        let absolute = "GET http://example.com:8080/a/b?c=d HTTP/1.1\r\nHost: example.com\r\n\r\n"
        let head = try #require(parseAllWays(absolute).heads.first)
        #expect(head.target == "http://example.com:8080/a/b?c=d")
        #expect(head.path == "/a/b")
        #expect(head.query == "c=d")
        let bareTarget = "GET http://example.com HTTP/1.1\r\nHost: example.com\r\n\r\n"
        let bare = try #require(parseAllWays(bareTarget).heads.first)
        #expect(bare.path == "/")
        #expect(bare.query == nil)
    }

    @Test func asteriskFormTarget_isKeptAsPath() throws {
        let head = try #require(parseAllWays("OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n").heads.first)
        #expect(head.method == "OPTIONS")
        #expect(head.path == "*")
    }

    @Test func leadingEmptyLines_beforeRequestLine_areIgnored() {
        let outcome = parseAllWays("\r\n\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(outcome.error == nil)
        #expect(outcome.heads.map(\.path) == ["/"])
    }

    @Test func bareLineFeeds_areAcceptedAsLineTerminators() {
        let outcome = parseAllWays("GET / HTTP/1.1\nHost: a\nX-Y: z\n\n")
        #expect(outcome.error == nil)
        #expect(outcome.heads.first?.headers == ["Host": "a", "X-Y": "z"])
        #expect(outcome.bodies == [[]])
    }

    @Test func method_isCaseSensitiveAndKeptAsSent() {
        #expect(parseAllWays("get / HTTP/1.1\r\nHost: a\r\n\r\n").heads.first?.method == "get")
        #expect(parseAllWays("PURGE / HTTP/1.1\r\nHost: a\r\n\r\n").heads.first?.method == "PURGE")
    }

    @Test(arguments: ["GET", "PUT", "POST", "HEAD", "PATCH", "DELETE", "OPTIONS", "CONNECT", "TRACE", "M-SEARCH"])
    func registeredAndExtensionMethods_areParsed(method: String) {
        #expect(parseAllWays("\(method) / HTTP/1.1\r\nHost: a\r\n\r\n").heads.first?.method == method)
    }

    @Test(arguments: ["GE(T / HTTP/1.1", "GET@ / HTTP/1.1", "G\u{7F}T / HTTP/1.1"])
    func invalidMethodCharacter_isRejectedWith400(line: String) {
        let outcome = parseAllWays("\(line)\r\nHost: a\r\n\r\n")
        #expect(outcome.error == .invalidMethod)
        #expect(outcome.error?.status == 400)
        #expect(outcome.events.isEmpty)
    }

    @Test(arguments: [
        "GET /", "GET / ", "GET  / HTTP/1.1", "GET / HTTP/1.1 ", " GET / HTTP/1.1", "GET / http/1.1",
        "GET / HTTP/1.10", "GET / HTTP/1", "GET / HTTP/x.1", "GET", "GET / HTTP/1.1 extra",
    ])
    func malformedRequestLine_isRejectedWith400(line: String) {
        let outcome = parseAllWays("\(line)\r\nHost: a\r\n\r\n")
        #expect(outcome.error?.status == 400, "\(outcome)")
        #expect(outcome.events.isEmpty)
    }

    @Test(arguments: ["/a\u{1}b", "/caf\u{E9}", "/a\tb", "/a\rb", "/a\u{7F}"])
    func target_withControlOrNonASCIIByte_isRejectedWith400(target: String) {
        let outcome = parseAllWays("GET \(target) HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(outcome.error == .invalidTarget)
    }

    @Test(arguments: ["HTTP/2.0", "HTTP/0.9", "HTTP/1.2", "HTTP/3.1"])
    func versionsOtherThan10And11_areRejectedWith505(version: String) {
        let outcome = parseAllWays("GET / \(version)\r\nHost: a\r\n\r\n")
        #expect(outcome.error == .unsupportedVersion)
        #expect(outcome.error?.status == 505)
    }

    @Test func http10Request_withoutHost_isAccepted() {
        let outcome = parseAllWays("GET / HTTP/1.0\r\n\r\n")
        #expect(outcome.error == nil)
        #expect(outcome.heads.first?.versionMinor == 0)
        #expect(outcome.bodies == [[]])
    }

    @Test func http11Request_withoutHost_isRejectedWith400() {
        let outcome = parseAllWays("GET / HTTP/1.1\r\nAccept: */*\r\n\r\n")
        #expect(outcome.error == .missingHost)
        #expect(outcome.error?.status == 400)
        #expect(outcome.events.isEmpty)
    }

    @Test func request_withTwoHostFields_isRejectedWith400() {
        let outcome = parseAllWays("GET / HTTP/1.1\r\nHost: a\r\nhost: b\r\n\r\n")
        #expect(outcome.error == .multipleHost)
    }
}
