@testable import HTTP
import Testing

struct HeadLimitTests {
    /// A request head of exactly `total` bytes (request line, fields and the
    /// empty line), padded through one field.
    private func paddedHead(totalBytes total: Int) -> [UInt8] {
        let prefix = bytes("GET / HTTP/1.1\r\nHost: a\r\nX-Pad: ")
        let suffix = bytes("\r\n\r\n")
        return prefix + [UInt8](repeating: UInt8(ascii: "p"), count: total - prefix.count - suffix.count) + suffix
    }

    /// A head with `count` fields in total, `Host` included.
    private func head(fieldCount count: Int) -> String {
        "GET / HTTP/1.1\r\nHost: a\r\n" + (1..<count).map { "X-\($0): v\r\n" }.joined() + "\r\n"
    }

    @Test func head_ofExactlyMaxHeaderBytes_isAccepted() {
        let input = paddedHead(totalBytes: 16384)
        #expect(input.count == 16384)
        let outcome = parseAllWays(input)
        #expect(outcome.error == nil)
        #expect(outcome.events.count == 2)
    }

    @Test func head_oneByteOverMaxHeaderBytes_isRejectedWith431() {
        let outcome = parseAllWays(paddedHead(totalBytes: 16385))
        #expect(outcome.error == .headerTooLarge)
        #expect(outcome.error?.status == 431)
        #expect(outcome.events.isEmpty)
    }

    @Test func oversizedHead_isRejectedAsSoonAsTheLimitIsPassed_withoutWaitingForItsEnd() {
        var parser = HTTPRequestParser(maxHeaderBytes: 64)
        parser.append(bytes("GET / HTTP/1.1\r\nHost: a\r\nX-Long: "))
        #expect(throws: Never.self) { try parser.next() }
        parser.append([UInt8](repeating: UInt8(ascii: "x"), count: 64))
        #expect(throws: HTTPParseError.headerTooLarge) { try parser.next() }
    }

    @Test func endlessRequestLine_isRejectedOnceItReachesTheLimit() {
        var parser = HTTPRequestParser(maxHeaderBytes: 32)
        parser.append(bytes("GET /" + String(repeating: "a", count: 26)))  // 31 bytes, no LF yet
        #expect(throws: Never.self) { try parser.next() }
        parser.append(bytes("a"))  // 32 bytes: the LF would make 33
        #expect(throws: HTTPParseError.headerTooLarge) { try parser.next() }
    }

    @Test func customHeaderByteLimit_isExactToTheByte() {
        let fits = paddedHead(totalBytes: 100)
        #expect(parseAllWays(fits, parser: HTTPRequestParser(maxHeaderBytes: 100)).error == nil)
        #expect(parseAllWays(fits, parser: HTTPRequestParser(maxHeaderBytes: 99)).error == .headerTooLarge)
    }

    @Test func leadingEmptyLines_countTowardsTheHeaderByteLimit() {
        let input = bytes("\r\n") + paddedHead(totalBytes: 100)
        #expect(parseAllWays(input, parser: HTTPRequestParser(maxHeaderBytes: 102)).error == nil)
        #expect(parseAllWays(input, parser: HTTPRequestParser(maxHeaderBytes: 101)).error == .headerTooLarge)
    }

    @Test func exactlyMaxHeaderCountFields_areAccepted() {
        let outcome = parseAllWays(head(fieldCount: 100))
        #expect(outcome.error == nil)
        #expect(outcome.heads.first?.headers.count == 100)
    }

    @Test func oneFieldOverMaxHeaderCount_isRejectedWith431() {
        let outcome = parseAllWays(head(fieldCount: 101))
        #expect(outcome.error == .tooManyHeaders)
        #expect(outcome.error?.status == 431)
    }

    @Test func tooManyFields_areRejectedBeforeTheHeadEnds() {
        var parser = HTTPRequestParser(maxHeaderCount: 3)
        parser.append(bytes("GET / HTTP/1.1\r\nHost: a\r\nA: 1\r\nB: 2\r\n"))
        #expect(throws: Never.self) { try parser.next() }
        parser.append(bytes("C: 3\r\n"))
        #expect(throws: HTTPParseError.tooManyHeaders) { try parser.next() }
    }

    @Test func headerLimits_applyPerRequest_notPerConnection() {
        let one = paddedHead(totalBytes: 200)
        let outcome = parseAllWays(one + one + one, parser: HTTPRequestParser(maxHeaderBytes: 200))
        #expect(outcome.error == nil)
        #expect(outcome.events.count == 6)
    }
}
