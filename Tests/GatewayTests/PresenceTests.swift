import HTTP
import JSON
import Testing
@testable import api_gateway

@Suite struct PresenceTests {
    @Test func aChangeSendsAtOnceWhenTheLastUpdateIsASecondOld() {
        var coalescer = PresenceCoalescer()
        let r1 = coalescer.changed(now: 10_000)
        #expect(r1 == .sendNow)
        let r2 = coalescer.changed(now: 11_000)
        #expect(r2 == .sendNow)
        let r3 = coalescer.changed(now: 15_000)
        #expect(r3 == .sendNow)
    }

    @Test func aBurstBecomesOneFlushASecondAfterTheLastUpdate() {
        var coalescer = PresenceCoalescer()
        let r4 = coalescer.changed(now: 10_000)
        #expect(r4 == .sendNow)
        let r5 = coalescer.changed(now: 10_100)
        #expect(r5 == .flushAt(11_000))
        for now in stride(from: Int64(10_150), to: 11_000, by: 50) {
            let r6 = coalescer.changed(now: now)
            #expect(r6 == .wait)
        }
        let r7 = coalescer.flush(now: 11_000)
        #expect(r7)
        let r8 = coalescer.flush(now: 11_001)
        #expect(!r8, "one flush per schedule")
        // The flush counts as the last update.
        let r9 = coalescer.changed(now: 11_500)
        #expect(r9 == .flushAt(12_000))
        let r10 = coalescer.flush(now: 12_000)
        #expect(r10)
        let r11 = coalescer.changed(now: 13_000)
        #expect(r11 == .sendNow)
    }

    /// Under any sequence of changes, updates are at least a second apart
    /// and the last change is always followed by an update.
    @Test func seededBurstsNeverExceedOneUpdateASecond() {
        var random: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int64) -> Int64 {
            random = random &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int64((random >> 33) % UInt64(bound))
        }
        var coalescer = PresenceCoalescer()
        var sent: [Int64] = []
        var due: Int64?
        var now: Int64 = 0
        for _ in 0..<5_000 {
            now += next(400)
            if let flush = due, flush <= now {
                if coalescer.flush(now: flush) { sent.append(flush) }
                due = nil
            }
            switch coalescer.changed(now: now) {
            case .sendNow: sent.append(now)
            case .flushAt(let at): due = at
            case .wait: break
            }
        }
        if let flush = due, coalescer.flush(now: flush) { sent.append(flush) }
        #expect(sent.count > 10)
        for (a, b) in zip(sent, sent.dropFirst()) { #expect(b - a >= 1000) }
        #expect(sent.last! >= now - 1000 && sent.last! <= now + 1000)
    }

    @Test func stateChangesOnlyWhenTheSetDoes() {
        var state = PresenceState()
        let r12 = state.focus(connection: 1, name: "Bob", page: "/games", now: 2_000)
        #expect(r12)
        let r13 = state.focus(connection: 1, name: "Bob", page: "/games", now: 3_000)
        #expect(!r13, "same page again")
        let r14 = state.focus(connection: 2, name: "Alice", page: "/sessions", now: 4_000)
        #expect(r14)
        let r15 = state.focus(connection: 1, name: "Bob", page: "/picker", now: 5_000)
        #expect(r15)
        #expect(state.admins == [
            ["name": "Alice", "page": "/sessions", "since": "1970-01-01T00:00:04.000Z"],
            ["name": "Bob", "page": "/picker", "since": "1970-01-01T00:00:05.000Z"],
        ])
        let r16 = state.remove(connection: 2)
        #expect(r16)
        let r17 = state.remove(connection: 2)
        #expect(!r17)
        let r18 = state.remove(connection: 9)
        #expect(!r18)
        #expect(state.admins.map { $0["name"] } == ["Bob"])
    }

    @Test func theUpdateIsAnEventEnvelope() throws {
        var state = PresenceState()
        _ = state.focus(connection: 1, name: "Alice", page: "/", now: 0)
        let frame = PresenceRegistry.frame(state)
        // An unmasked text frame: 0x81, a 7-bit or 16-bit length, the JSON.
        let offset = frame[1] == 126 ? 4 : 2
        let message = try JSONValue.parse(Array(frame[offset...]))
        #expect(message.objectValue?.keys == ["type", "timestamp", "data"])
        #expect(message["type"] == "presence_update")
        #expect(message["data"] == ["admins": [["name": "Alice", "page": "/", "since": "1970-01-01T00:00:00.000Z"]]])
    }

    @Test(arguments: [
        (#"{"type":"page_focus","page":"/sessions"}"#, LiveProtocol.ClientMessage.pageFocus(page: "/sessions")),
        (#"{"type":"page_focus"}"#, .pageFocus(page: nil)),
        (#"{"type":"page_focus","page":5}"#, .pageFocus(page: nil)),
        (#"{"type":"page_focus","page":""}"#, .pageFocus(page: nil)),
    ])
    func pageFocusParses(text: String, expected: LiveProtocol.ClientMessage) {
        #expect(LiveProtocol.parse(text) == expected)
    }

    @Test func pagesUpTo200CharactersAreAccepted() {
        let ok = String(repeating: "é", count: 200)
        #expect(LiveProtocol.parse(#"{"type":"page_focus","page":"\#(ok)"}"#) == .pageFocus(page: ok))
        #expect(LiveProtocol.parse(#"{"type":"page_focus","page":"\#(ok)x"}"#) == .pageFocus(page: nil))
    }
}

@Suite struct EnvelopedAnswerTests {
    @Test func theBodyIsTheAnswerAndTheHeadersAreSet() {
        let result: JSONValue = ["headers": ["X-Prev-Last-Date": "2026-03-15T19:00:00.000Z"], "body": [["id": 1]]]
        let response = EnvelopedAnswer.response(forResult: result.serialized)
        #expect(response.status == 200)
        #expect(response.headers["content-type"] == "application/json; charset=utf-8")
        #expect(response.headers["x-prev-last-date"] == "2026-03-15T19:00:00.000Z")
        #expect(response.headers["access-control-expose-headers"] == "X-Prev-Last-Date")
        #expect(response.body == Array(#"[{"id":1}]"#.utf8))
    }

    @Test func noHeadersIsAPlainJSONAnswer() {
        let response = EnvelopedAnswer.response(forResult: Array(#"{"headers":{},"body":[]}"#.utf8))
        #expect(response.headers["access-control-expose-headers"] == nil)
        #expect(response.body == Array("[]".utf8))
    }

    @Test func badHeadersAreDropped() {
        let result: JSONValue = ["headers": ["Bad Name": "x", "X-Split": "a\r\nInjected: 1", "X-Number": 5, "X-Ok": "y"],
                                 "body": 1]
        let response = EnvelopedAnswer.response(forResult: result.serialized)
        #expect(response.headers["x-ok"] == "y")
        #expect(response.headers["x-split"] == nil)
        #expect(response.headers["injected"] == nil)
        #expect(response.headers["x-number"] == nil)
        #expect(response.headers["access-control-expose-headers"] == "X-Ok")
    }

    @Test(arguments: [#"{"headers":{}}"#, #"{"headers":[],"body":1}"#, "[]", "nonsense"])
    func anIncompleteResultIsABadGateway(text: String) {
        let response = EnvelopedAnswer.response(forResult: Array(text.utf8))
        #expect(response.status == 502)
    }
}
