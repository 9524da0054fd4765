@testable import HTTP
import Testing

struct ContentLengthBodyTests {
    private func post(_ fields: String, body: String = "") -> String {
        "POST /api/votes HTTP/1.1\r\nHost: a\r\n\(fields)\r\n\(body)"
    }

    @Test func contentLengthBody_isDeliveredWhole() {
        let outcome = parseAllWays(post("Content-Length: 13\r\n", body: "{\"vote\":true}"))
        #expect(outcome.error == nil)
        #expect(outcome.bodies == [bytes("{\"vote\":true}")])
    }

    @Test func contentLengthZero_givesEmptyBody() {
        #expect(parseAllWays(post("Content-Length: 0\r\n")).bodies == [[]])
    }

    @Test func requestWithoutLengthOrTransferEncoding_hasEmptyBody() {
        let outcome = parseAllWays(post("") + "GET / HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(outcome.bodies == [[], []])
        #expect(outcome.heads.map(\.method) == ["POST", "GET"])
    }

    @Test func incompleteBody_yieldsNothingUntilTheLastByteArrives() throws {
        var parser = HTTPRequestParser()
        parser.append(bytes(post("Content-Length: 5\r\n", body: "1234")))
        guard case .head = try? parser.next() else { Issue.record("expected head"); return }
        #expect(try parser.next() == nil)
        parser.append(bytes("5"))
        #expect(try parser.next() == .complete(body: bytes("12345")))
        #expect(try parser.next() == nil)
    }

    @Test func body_exactlyAtTheLimit_isAccepted() {
        let outcome = parseAllWays(post("Content-Length: 10\r\n", body: "0123456789"),
                                   parser: HTTPRequestParser(defaultBodyLimit: 10))
        #expect(outcome.error == nil)
        #expect(outcome.bodies == [bytes("0123456789")])
    }

    @Test func body_oneByteOverTheLimit_isRejectedWith413() {
        let outcome = parseAllWays(post("Content-Length: 11\r\n", body: "0123456789A"),
                                   parser: HTTPRequestParser(defaultBodyLimit: 10))
        #expect(outcome.error == .bodyTooLarge)
        #expect(outcome.error?.status == 413)
        #expect(outcome.heads.count == 1)
        #expect(outcome.bodies.isEmpty)
    }

    @Test func contentLengthOverTheLimit_isRejectedBeforeAnyBodyByteArrives() throws {
        var parser = HTTPRequestParser()
        parser.append(bytes(post("Content-Length: 1048577\r\n")))
        guard case .head = try parser.next() else { Issue.record("expected head"); return }
        #expect(throws: HTTPParseError.bodyTooLarge) { try parser.next() }
        // The parser stays failed.
        #expect(throws: HTTPParseError.bodyTooLarge) { try parser.next() }
    }

    @Test func raisedLimit_afterHead_allowsALargerBody() {
        let body = String(repeating: "x", count: 15)
        let outcome = parseAllWays(post("Content-Length: 15\r\n", body: body),
                                   parser: HTTPRequestParser(defaultBodyLimit: 10),
                                   onHead: { parser, _ in parser.setBodyLimit(16) })
        #expect(outcome.error == nil)
        #expect(outcome.bodies == [bytes(body)])
    }

    @Test func raisedLimit_allowsSixteenMebibytes() throws {
        var parser = HTTPRequestParser()
        parser.append(bytes(post("Content-Length: 16777216\r\n")))
        guard case .head = try parser.next() else { Issue.record("expected head"); return }
        parser.setBodyLimit(16 * 1024 * 1024)
        #expect(try parser.next() == nil)
        parser.append([UInt8](repeating: 7, count: 16 * 1024 * 1024))
        guard case .complete(let body) = try parser.next() else { Issue.record("expected body"); return }
        #expect(body.count == 16 * 1024 * 1024)
        #expect(parser.isIdle)
    }

    @Test func loweredLimit_afterHead_rejectsTheBodyWith413() {
        let outcome = parseAllWays(post("Content-Length: 5\r\n", body: "12345"),
                                   onHead: { parser, _ in parser.setBodyLimit(4) })
        #expect(outcome.error == .bodyTooLarge)
    }

    @Test func bodyLimit_returnsToTheDefaultForTheNextRequest() {
        let body = String(repeating: "x", count: 15)
        let first = "POST /first HTTP/1.1\r\nHost: a\r\nContent-Length: 15\r\n\r\n\(body)"
        let second = "POST /second HTTP/1.1\r\nHost: a\r\nContent-Length: 15\r\n\r\n\(body)"
        let outcome = parseAllWays(first + second, parser: HTTPRequestParser(defaultBodyLimit: 10),
                                   onHead: { parser, head in
                                       if head.path == "/first" { parser.setBodyLimit(100) }
                                   })
        #expect(outcome.heads.map(\.path) == ["/first", "/second"])
        #expect(outcome.bodies == [bytes(body)])
        #expect(outcome.error == .bodyTooLarge)
    }

    @Test(arguments: ["", "abc", "-1", "+5", "1.0", "0x10", "5,", ",5", "1 2", "99999999999999999999999", "５"])
    func invalidContentLength_isRejectedWith400(value: String) {
        let outcome = parseAllWays(post("Content-Length: \(value)\r\n", body: "12345"))
        #expect(outcome.error == .invalidContentLength, "\(value)")
        #expect(outcome.error?.status == 400)
        #expect(outcome.events.isEmpty)
    }

    @Test func identicalRepeatedContentLengths_areAccepted() {
        #expect(parseAllWays(post("Content-Length: 5, 5\r\n", body: "12345")).bodies == [bytes("12345")])
        let repeated = parseAllWays(post("Content-Length: 5\r\nContent-Length: 5\r\n", body: "12345"))
        #expect(repeated.bodies == [bytes("12345")])
    }

    @Test func differingContentLengths_areRejectedWith400() {
        #expect(parseAllWays(post("Content-Length: 5, 6\r\n", body: "123456")).error == .conflictingContentLength)
        #expect(parseAllWays(post("Content-Length: 5\r\nContent-Length: 6\r\n", body: "123456")).error
            == .conflictingContentLength)
    }

    @Test func contentLengthWithTransferEncoding_isRejectedWith400() {
        let first = parseAllWays(post("Content-Length: 5\r\nTransfer-Encoding: chunked\r\n", body: "0\r\n\r\n"))
        #expect(first.error == .contentLengthWithTransferEncoding)
        #expect(first.error?.status == 400)
        let second = parseAllWays(post("Transfer-Encoding: chunked\r\nContent-Length: 5\r\n", body: "0\r\n\r\n"))
        #expect(second.error == .contentLengthWithTransferEncoding)
    }
}
