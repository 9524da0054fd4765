import HTTP
import Testing
@testable import api_gateway

/// The static-file component: asset table → response.
@Suite struct StaticAssetsTests {
    let assets = StaticAssets(files: [("index.html", Array("<p>hi</p>".utf8)),
                                      ("js/app.js", Array("export {}".utf8)),
                                      ("favicon.svg", Array("<svg/>".utf8))],
                              aliases: ["/": "index.html", "/missing": "nope.html"])

    @Test func servesAFileWithItsTypeAndValidators() throws {
        let response = try #require(assets.response(path: "/js/app.js", ifNoneMatch: nil))
        #expect(response.status == 200)
        #expect(response.body == Array("export {}".utf8))
        #expect(response.headers["content-type"] == "text/javascript; charset=utf-8")
        #expect(response.headers["cache-control"] == "no-cache")
        #expect(response.headers["x-content-type-options"] == "nosniff")
        #expect(response.headers["referrer-policy"] == "no-referrer")
        let etag = try #require(response.headers["etag"])
        #expect(etag.hasPrefix("\"") && etag.hasSuffix("\"") && etag.count == 34)
    }

    @Test func aliasesServeTheirTargetAndUnknownTargetsAreDropped() throws {
        let root = try #require(assets.response(path: "/", ifNoneMatch: nil))
        #expect(root.body == Array("<p>hi</p>".utf8))
        #expect(root.headers["content-type"] == "text/html; charset=utf-8")
        #expect(assets.response(path: "/missing", ifNoneMatch: nil) == nil)
        #expect(assets.paths == ["/", "/favicon.svg", "/index.html", "/js/app.js"])
    }

    @Test func unknownPathsAreNil() {
        #expect(assets.response(path: "/js/other.js", ifNoneMatch: nil) == nil)
        #expect(assets.response(path: "/api/sessions", ifNoneMatch: nil) == nil)
    }

    @Test func theEtagIsTheContentHashSoChangedBytesChangeIt() {
        let one = StaticAssets.etag(for: Array("a".utf8))
        #expect(one == StaticAssets.etag(for: Array("a".utf8)))
        #expect(one != StaticAssets.etag(for: Array("b".utf8)))
        // SHA-256("a") starts ca978112ca1bbdcafac231b39a23dc4d.
        #expect(one == "\"ca978112ca1bbdcafac231b39a23dc4d\"")
    }

    @Test func aMatchingIfNoneMatchGets304WithValidatorsAndNoBody() throws {
        let etag = try #require(assets.response(path: "/index.html", ifNoneMatch: nil)?.headers["etag"])
        for field in [etag, "\"other\", \(etag)", "W/\(etag)", "*", " \(etag) "] {
            let response = try #require(assets.response(path: "/index.html", ifNoneMatch: field))
            #expect(response.status == 304, "\(field)")
            #expect(response.body.isEmpty)
            #expect(response.headers["etag"] == etag)
            #expect(response.headers["cache-control"] == "no-cache")
        }
        let stale = try #require(assets.response(path: "/index.html", ifNoneMatch: "\"0000\""))
        #expect(stale.status == 200)
    }

    @Test func contentTypesByExtension() {
        #expect(StaticAssets.contentType(forPath: "a/b.css") == "text/css; charset=utf-8")
        #expect(StaticAssets.contentType(forPath: "x.svg") == "image/svg+xml")
        #expect(StaticAssets.contentType(forPath: "x.HTML") == "text/html; charset=utf-8")
        #expect(StaticAssets.contentType(forPath: "x.json") == "application/json; charset=utf-8")
        #expect(StaticAssets.contentType(forPath: "README") == "application/octet-stream")
        #expect(StaticAssets.contentType(forPath: "x.exe") == "application/octet-stream")
    }

    @Test func thePolicyAllowsNoInlineCodeAndNoFraming() {
        let policy = StaticAssets.contentSecurityPolicy
        #expect(policy.contains("default-src 'none'"))
        #expect(policy.contains("script-src 'self';"))
        #expect(policy.contains("style-src 'self';"))
        #expect(policy.contains("frame-ancestors 'none'"))
        #expect(policy.contains("base-uri 'none'"))
        #expect(!policy.contains("unsafe"))
    }
}
