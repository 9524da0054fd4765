@testable import HTTP
import Testing

struct HTTPRequestHeadTests {
    private func head(minor: Int, _ headers: HTTPHeaders = HTTPHeaders()) -> HTTPRequestHead {
        HTTPRequestHead(method: "GET", target: "/", versionMajor: 1, versionMinor: minor, headers: headers)
    }

    @Test func http11_isPersistentByDefault() {
        #expect(head(minor: 1).keepAlive)
        #expect(head(minor: 1, ["Connection": "Upgrade"]).keepAlive)
    }

    @Test func http11_withConnectionClose_isNotPersistent() {
        #expect(!head(minor: 1, ["Connection": "close"]).keepAlive)
        #expect(!head(minor: 1, ["connection": "Keep-Alive, CLOSE"]).keepAlive)
        #expect(!head(minor: 1, ["Connection": "Upgrade", "Connection": "close"]).keepAlive)
    }

    @Test func http10_isPersistentOnlyWithConnectionKeepAlive() {
        #expect(!head(minor: 0).keepAlive)
        #expect(head(minor: 0, ["Connection": "Keep-Alive"]).keepAlive)
        #expect(!head(minor: 0, ["Connection": "keep-alive, close"]).keepAlive)
        #expect(!head(minor: 0, ["Connection": "keep-alive-ish"]).keepAlive)
    }

    @Test func expectsContinue_onlyFor100ContinueCaseInsensitively() {
        #expect(head(minor: 1, ["Expect": "100-continue"]).expectsContinue)
        #expect(head(minor: 1, ["expect": "100-Continue"]).expectsContinue)
        #expect(!head(minor: 1).expectsContinue)
        #expect(!head(minor: 1, ["Expect": "200-ok"]).expectsContinue)
    }

    @Test func parsedHead_knowsItsKeepAliveState() {
        let outcome = parseAllWays("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"
            + "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        #expect(outcome.heads.map(\.keepAlive) == [false, true])
    }

    @Test func publicInit_derivesPathAndQueryFromTheTarget() {
        let plain = HTTPRequestHead(method: "GET", target: "/a/b")
        #expect(plain.path == "/a/b" && plain.query == nil)
        let withQuery = HTTPRequestHead(method: "GET", target: "/a?b=c?d")
        #expect(withQuery.path == "/a" && withQuery.query == "b=c?d")
        let absolute = HTTPRequestHead(method: "GET", target: "https://h.example/x/y?z")
        #expect(absolute.path == "/x/y" && absolute.query == "z")
        let authorityQuery = HTTPRequestHead(method: "GET", target: "http://h.example?z")
        #expect(authorityQuery.path == "/" && authorityQuery.query == "z")
    }
}
