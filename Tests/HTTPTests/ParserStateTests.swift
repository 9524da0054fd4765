@testable import HTTP
import Testing

struct ParserStateTests {
    @Test func threePipelinedRequests_inOneBuffer_yieldHeadAndCompleteEach_inOrder() {
        let input = "GET /a HTTP/1.1\r\nHost: h\r\n\r\n"
            + "POST /b HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nxyz"
            + "PUT /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n"
        let outcome = parseAllWays(input)
        #expect(outcome.error == nil)
        #expect(outcome.events.count == 6)
        #expect(outcome.heads.map(\.method) == ["GET", "POST", "PUT"])
        #expect(outcome.heads.map(\.path) == ["/a", "/b", "/c"])
        #expect(outcome.bodies == [[], bytes("xyz"), bytes("ok")])
        for (index, event) in outcome.events.enumerated() {
            if case .head = event { #expect(index % 2 == 0) } else { #expect(index % 2 == 1) }
        }
    }

    @Test func manyPipelinedRequests_survivePartialReadsAndBufferCompaction() {
        let one = "POST /v HTTP/1.1\r\nHost: h\r\nContent-Length: 100\r\n\r\n" + String(repeating: "b", count: 100)
        let outcome = parseAllWays(String(repeating: one, count: 150))
        #expect(outcome.error == nil)
        #expect(outcome.events.count == 300)
        #expect(outcome.bodies.allSatisfy { $0 == [UInt8](repeating: UInt8(ascii: "b"), count: 100) })
    }

    @Test func headRequest_isParsedLikeGet_withEmptyBody() {
        let outcome = parseAllWays("HEAD /api/games HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(outcome.heads.first?.method == "HEAD")
        #expect(outcome.bodies == [[]])
    }

    @Test func expectContinue_headArrivesBeforeTheBody_soTheCallerCanAnswer100() throws {
        var parser = HTTPRequestParser()
        parser.append(bytes("PUT /x HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n"))
        guard case .head(let head) = try parser.next() else { Issue.record("expected head"); return }
        #expect(head.expectsContinue)
        #expect(try parser.next() == nil)  // within the limit: waiting for the body
        parser.append(bytes("data"))
        #expect(try parser.next() == .complete(body: bytes("data")))
    }

    @Test func insideHeadAndIdle_followTheRequestLifecycle() throws {
        var parser = HTTPRequestParser()
        #expect(parser.isIdle && !parser.isInsideHead)

        parser.append(bytes("G"))
        #expect(try parser.next() == nil)
        #expect(parser.isInsideHead && !parser.isIdle)

        parser.append(bytes("ET / HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n"))
        #expect(try parser.next() == nil)
        #expect(parser.isInsideHead && !parser.isIdle)

        parser.append(bytes("\r\n"))
        guard case .head = try parser.next() else { Issue.record("expected head"); return }
        #expect(!parser.isInsideHead && !parser.isIdle)

        #expect(try parser.next() == nil)
        parser.append(bytes("o"))
        #expect(try parser.next() == nil)
        #expect(!parser.isInsideHead && !parser.isIdle)

        parser.append(bytes("k"))
        #expect(try parser.next() == .complete(body: bytes("ok")))
        #expect(parser.isIdle && !parser.isInsideHead)
        #expect(try parser.next() == nil)
        #expect(parser.isIdle)
    }

    @Test func pipelinedBytes_afterCompletion_countAsInsideHead() throws {
        var parser = HTTPRequestParser()
        parser.append(bytes("GET /1 HTTP/1.1\r\nHost: a\r\n\r\nGET /2 HTT"))
        guard case .head = try parser.next() else { Issue.record("expected head"); return }
        guard case .complete = try parser.next() else { Issue.record("expected complete"); return }
        #expect(parser.isInsideHead && !parser.isIdle)
        #expect(parser.bufferedByteCount == 10)
    }

    @Test func leadingEmptyLine_startsTheHeadTimer() throws {
        var parser = HTTPRequestParser()
        parser.append(bytes("\r\n"))
        #expect(try parser.next() == nil)
        #expect(parser.isInsideHead && !parser.isIdle)
    }

    @Test func afterAnError_everyNextThrowsTheSameError() {
        var parser = HTTPRequestParser()
        parser.append(bytes("GET / HTTP/2.0\r\n\r\n"))
        #expect(throws: HTTPParseError.unsupportedVersion) { try parser.next() }
        parser.append(bytes("GET / HTTP/1.1\r\nHost: a\r\n\r\n"))
        #expect(throws: HTTPParseError.unsupportedVersion) { try parser.next() }
        #expect(!parser.isIdle && !parser.isInsideHead)
    }

    @Test func headArrivingByteByByte_isScannedOnlyOnce() throws {
        let input = bytes("GET / HTTP/1.1\r\nHost: a\r\nX-Long: " + String(repeating: "v", count: 8000) + "\r\n\r\n")
        var parser = HTTPRequestParser()
        var events = 0
        for byte in input {
            parser.append([byte])
            while try parser.next() != nil { events += 1 }
        }
        #expect(events == 2)
        #expect(parser.scannedByteCount <= input.count)
    }

    @Test func bodyArrivingInPieces_isNotRescannedForLineEnds() throws {
        var parser = HTTPRequestParser()
        parser.append(bytes("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5000\r\n\r\n"))
        _ = try parser.next()
        let scannedForHead = parser.scannedByteCount
        for _ in 0..<50 {
            parser.append([UInt8](repeating: UInt8(ascii: "\n"), count: 100))
            _ = try parser.next()
        }
        #expect(parser.scannedByteCount == scannedForHead)
        #expect(parser.isIdle)
    }
}

struct ProtocolUpgradeTests {
    @Test func bytesAfterAnUpgradeRequest_canBeTakenForTheNewProtocol() throws {
        var parser = HTTPRequestParser()
        let frame: [UInt8] = [0x81, 0x85, 0x37, 0xFA, 0x21, 0x3D, 0x7F, 0x9F, 0x4D, 0x51, 0x58]
        parser.append(bytes("GET /ws HTTP/1.1\r\nHost: a\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n") + frame)
        guard case .head(let head) = try parser.next() else { Issue.record("expected head"); return }
        #expect(head.headers.contains(token: "upgrade", in: "Connection"))
        #expect(try parser.next() == .complete(body: []))
        #expect(parser.takeRemainingBytes() == frame)
        #expect(parser.isIdle)
        #expect(parser.takeRemainingBytes().isEmpty)
    }
}
