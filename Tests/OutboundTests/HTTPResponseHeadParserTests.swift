import HTTP
import Testing
import TestSupport

/// `HTTPResponseHeadParser` (RFC 9112 §2, §4, §5), every case fed all at
/// once, byte by byte and in random splits.
struct HTTPResponseHeadParserTests {
    /// The head (or error) and the bytes after it.
    func parse(_ text: String, feed: Feed, limit: Int = 16 * 1024, maxHeaders: Int = 100)
        -> (Result<HTTPResponseHead, HTTPResponseParseError>?, [UInt8]) {
        var parser = HTTPResponseHeadParser(maxHeadBytes: limit, maxHeaderCount: maxHeaders)
        let chunks = feed.chunks(of: Array(text.utf8))
        for (index, chunk) in chunks.enumerated() {
            parser.append(chunk)
            do {
                if let head = try parser.parse() {
                    // Chunks not appended yet are part of the remainder too.
                    return (.success(head), parser.takeRemainder() + chunks[(index + 1)...].joined())
                }
            } catch {
                return (.failure(error), [])
            }
        }
        return (nil, [])
    }

    @Test(arguments: Feed.all)
    func switchingProtocols_isParsedWithHeadersAndLeftover(feed: Feed) throws {
        let text = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n\u{81}\u{02}hi"
        let (result, rest) = parse(text, feed: feed)
        let head = try #require(try result?.get())
        #expect(head.status == 101)
        #expect(head.reason == "Switching Protocols")
        #expect(head.versionMajor == 1 && head.versionMinor == 1)
        #expect(head.headers["upgrade"] == "websocket")
        #expect(head.headers["Sec-WebSocket-Accept"] == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
        #expect(rest == Array("\u{81}\u{02}hi".utf8))
    }

    @Test(arguments: Feed.all)
    func bareLineFeeds_andMissingReason_areAccepted(feed: Feed) throws {
        let (result, _) = parse("HTTP/1.0 204\nX-A:  one \n\n", feed: feed)
        let head = try #require(try result?.get())
        #expect(head.status == 204 && head.reason == "" && head.versionMinor == 0)
        #expect(head.headers["x-a"] == "one")
    }

    @Test func libcurlsHTTP2Rendering_isAccepted() throws {
        let (result, _) = parse("HTTP/2 200 \r\ncontent-type: text/plain\r\n\r\n", feed: .allAtOnce)
        let head = try #require(try result?.get())
        #expect(head.versionMajor == 2 && head.status == 200)
    }

    @Test(arguments: [
        ("HTTP/1.1 20 OK\r\n\r\n", HTTPResponseParseError.invalidStatusLine),
        ("HTTP/1.1 abc OK\r\n\r\n", .invalidStatusLine),
        ("HTTP/1.1  200 OK\r\n\r\n", .invalidStatusLine),
        ("HTTP/1.1 200OK\r\n\r\n", .invalidStatusLine),
        ("ICY 200 OK\r\n\r\n", .invalidStatusLine),
        ("HTTP/4.0 200 OK\r\n\r\n", .unsupportedVersion),
        ("HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n", .invalidHeaderName),
        ("HTTP/1.1 200 OK\r\nName : x\r\n\r\n", .whitespaceBeforeColon),
        ("HTTP/1.1 200 OK\r\nA: 1\r\n folded\r\n\r\n", .obsoleteLineFolding),
        ("HTTP/1.1 200 OK\r\nA: 1\u{01}\r\n\r\n", .invalidHeaderValue),
        ("HTTP/1.1 200 OK\r\nNoColon\r\n\r\n", .invalidHeaderName),
    ])
    func malformedHeads_areRejected(text: String, error: HTTPResponseParseError) {
        for feed in Feed.all {
            let (result, _) = parse(text, feed: feed)
            #expect(result == .failure(error), "\(feed)")
        }
    }

    @Test(arguments: Feed.all)
    func headOverTheLimit_isRejected_evenWithoutALineEnd(feed: Feed) {
        let (result, _) = parse("HTTP/1.1 200 OK\r\nX: " + String(repeating: "a", count: 200), feed: feed, limit: 64)
        #expect(result == .failure(.headerTooLarge))
    }

    @Test func tooManyFields_areRejected() {
        let text = "HTTP/1.1 200 OK\r\n" + String(repeating: "A: b\r\n", count: 5) + "\r\n"
        #expect(parse(text, feed: .byteByByte, maxHeaders: 4).0 == .failure(.tooManyHeaders))
        #expect((try? parse(text, feed: .byteByByte, maxHeaders: 5).0?.get())?.headers.count == 5)
    }

    @Test func incompleteHead_needsMoreBytes_andErrorsRepeat() {
        var parser = HTTPResponseHeadParser()
        parser.append(Array("HTTP/1.1 101 OK\r\nUpgrade: websocket\r\n".utf8))
        #expect((try? parser.parse()) == .some(nil))
        #expect(parser.takeRemainder().isEmpty)
        var failing = HTTPResponseHeadParser()
        failing.append(Array("nonsense\r\n".utf8))
        #expect(throws: HTTPResponseParseError.invalidStatusLine) { try failing.parse() }
        #expect(throws: HTTPResponseParseError.invalidStatusLine) { try failing.parse() }
    }
}
