import Contracts
import JSON
import Testing
@testable import session_service

@Suite struct WebhookFieldsTests {
    let valid: JSONObject = ["name": "bot", "url": "https://example.com/hook", "secret": "s", "events": ["game.added"]]

    func error(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch let error as APIError {
            return error.message
        } catch {
            return "\(error)"
        }
    }

    @Test func createNeedsAllFour() {
        for key in ["name", "url", "secret", "events"] {
            var body = valid
            body[key] = nil
            #expect(error { _ = try WebhookFields.forCreate(body) } == "Missing required fields: name, url, secret, events")
            body[key] = .null
            #expect(error { _ = try WebhookFields.forCreate(body) } == "Missing required fields: name, url, secret, events")
        }
        let fields = try? WebhookFields.forCreate(valid)
        #expect(fields?.events == ["game.added"])
        #expect(fields?.enabled == nil)
    }

    @Test func urlMustBeHTTPOrHTTPS() {
        for url in ["http://127.0.0.1:8080/x", "HTTPS://Example.com", "https://user:pw@host/p?q#f", "http://[::1]:80/",
                    "https://h/caf%C3%A9?a=1&b=(2)*;c=d,e+f~g'h!$", "http://[fe80::1%25lo]/", "http://h:/"] {
            #expect(WebhookFields.isHTTPURL(url), "\(url)")
        }
        for url in ["ftp://example.com", "file:///etc/passwd", "gopher://x", "http://", "https:///path",
                    "http://:80/", "example.com", "http://exa mple.com", "http://a\nb", "javascript:alert(1)", "",
                    // RFC 3986 characters only: raw non-ASCII, <>"{}|\^` and bad escapes are not a URI.
                    "https://café.example/", "http://h/é", "http://h/<x>", "http://h/{a}", "http://h/a|b",
                    "http://h/a\\b", "http://h/\"q\"", "http://h/%zz", "http://h/%4", "http://h/%",
                    // RFC 3986 §3.2: a port is digits; [ ] only around an IP literal; one userinfo.
                    "http://127.0.0.1:9x", "http://h:8o/", "http://h/[x]", "http://a@b@c/", "http://[::1/",
                    "http://[]/", "http://[::1]x/", "http://h/#a#b"] {
            #expect(!WebhookFields.isHTTPURL(url), "\(url)")
        }
        var body = valid
        body["url"] = "ftp://example.com"
        #expect(error { _ = try WebhookFields.forCreate(body) } == "url must be an http or https URL")
        body["url"] = 5
        #expect(error { _ = try WebhookFields.forCreate(body) } == "url must be an http or https URL")
    }

    @Test func eventsMustBeKnownTypes() {
        #expect(error { _ = try WebhookFields.events(["game.added", "room.connected"]) } == "Unknown event type: room.connected")
        #expect(error { _ = try WebhookFields.events(["webhook.test"]) } == "Unknown event type: webhook.test")
        #expect(error { _ = try WebhookFields.events([]) } == "events must be a non-empty array of event types")
        #expect(error { _ = try WebhookFields.events("game.added") } == "events must be a non-empty array of event types")
        #expect(error { _ = try WebhookFields.events([1]) } == "events must be a non-empty array of event types")
        #expect((try? WebhookFields.events(["vote.received", "game.added", "vote.received"])) == ["vote.received", "game.added"])
    }

    @Test func updateTakesAnySubsetButNotNothing() {
        #expect((try? WebhookFields.forUpdate(["enabled": false]))?.enabled == false)
        #expect((try? WebhookFields.forUpdate(["enabled": 1]))?.enabled == true)
        #expect(error { _ = try WebhookFields.forUpdate([:]) } == WebhookFields.noFieldsError)
        #expect(error { _ = try WebhookFields.forUpdate(["other": 1]) } == WebhookFields.noFieldsError)
        #expect(error { _ = try WebhookFields.forUpdate(["enabled": "yes"]) } == "enabled must be a boolean")
        #expect(error { _ = try WebhookFields.forUpdate(["name": ""]) } != nil)
        #expect(error { _ = try WebhookFields.forUpdate(["secret": .null]) } != nil)
    }
}
