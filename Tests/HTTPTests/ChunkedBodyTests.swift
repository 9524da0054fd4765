@testable import HTTP
import Testing
import TestSupport

struct ChunkedBodyTests {
    private func chunked(_ body: String, te: String = "chunked", version: String = "HTTP/1.1") -> String {
        "POST /upload \(version)\r\nHost: a\r\nTransfer-Encoding: \(te)\r\n\r\n\(body)"
    }

    @Test func chunkedBody_isReassembled() {
        let outcome = parseAllWays(chunked("4\r\nWiki\r\n5\r\npedia\r\n0\r\n\r\n"))
        #expect(outcome.error == nil)
        #expect(outcome.bodies == [bytes("Wikipedia")])
    }

    @Test func chunkExtensionsAndTrailers_areValidatedAndSkipped_whereverTheInputIsSplit() {
        let body = "4;name=value;flag\r\nWiki\r\n"
            + "5 ; q=\"quoted \\\" str\" ;x = y\r\npedia\r\n"
            + "0;last=\"yes\"\r\nX-Trailer: 1\r\nOther-Trailer:  two \r\n\r\n"
        let outcome = parseAllWays(chunked(body) + "GET /next HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(outcome.error == nil)
        #expect(outcome.bodies == [bytes("Wikipedia"), []])
        #expect(outcome.heads.map(\.path) == ["/upload", "/next"])
        #expect(outcome.heads.first?.headers["X-Trailer"] == nil)
    }

    @Test func hexSizes_inEitherCaseAndWithLeadingZeros_areAccepted() {
        let outcome = parseAllWays(chunked("A\r\n0123456789\r\na\r\nabcdefghij\r\n004\r\nWiki\r\n000\r\n\r\n"))
        #expect(outcome.bodies == [bytes("0123456789abcdefghijWiki")])
    }

    @Test func transferEncodingChunked_isCaseInsensitive() {
        #expect(parseAllWays(chunked("1\r\nx\r\n0\r\n\r\n", te: "Chunked")).bodies == [bytes("x")])
    }

    @Test func bareLineFeeds_inChunkedFraming_areAccepted() {
        let outcome = parseAllWays(chunked("4\nWiki\n0\n\n"))
        #expect(outcome.bodies == [bytes("Wiki")])
    }

    @Test func emptyChunkedBody_isEmpty() {
        #expect(parseAllWays(chunked("0\r\n\r\n")).bodies == [[]])
    }

    @Test(arguments: [
        "", "g", " 4", "4 ", "-1", "+4", "4;", "4;=x", "4;a=", "4 x", "4;a=\"open", "4;a b",
        "FFFFFFFFFFFFFFFFF", "8000000000000000",
    ])
    func invalidChunkSizeLine_isRejectedWith400(line: String) {
        let outcome = parseAllWays(chunked("\(line)\r\nWiki\r\n0\r\n\r\n"))
        #expect(outcome.error == .invalidChunkSize, "\(line)")
        #expect(outcome.error?.status == 400)
    }

    @Test func chunkData_notFollowedByCRLF_isRejectedWith400() {
        #expect(parseAllWays(chunked("4\r\nWikiX\r\n0\r\n\r\n")).error == .invalidChunkTerminator)
        #expect(parseAllWays(chunked("4\r\nWiki\rX0\r\n\r\n")).error == .invalidChunkTerminator)
    }

    @Test func overlongChunkSizeLine_isRejectedWithoutBufferingIt() {
        var parser = HTTPRequestParser()
        parser.append(bytes(chunked("4;ext=" + String(repeating: "e", count: ChunkSizeLine.maxBytes))))
        #expect(throws: Never.self) { try parser.next() }
        #expect(throws: HTTPParseError.invalidChunkSize) { try parser.next() }
    }

    @Test func chunkedBody_exactlyAtTheLimit_isAccepted() {
        let outcome = parseAllWays(chunked("4\r\nWiki\r\n4\r\npedi\r\n0\r\n\r\n"),
                                   parser: HTTPRequestParser(defaultBodyLimit: 8))
        #expect(outcome.bodies == [bytes("Wikipedi")])
    }

    @Test func chunkedBody_overTheLimit_isRejectedWith413() {
        let outcome = parseAllWays(chunked("4\r\nWiki\r\n5\r\npedia\r\n0\r\n\r\n"),
                                   parser: HTTPRequestParser(defaultBodyLimit: 8))
        #expect(outcome.error == .bodyTooLarge)
        #expect(outcome.error?.status == 413)
    }

    @Test func chunkedBody_overTheLimit_isRejectedAtTheChunkSize_beforeItsData() throws {
        var parser = HTTPRequestParser(defaultBodyLimit: 8)
        parser.append(bytes(chunked("4\r\nWiki\r\n5\r\n")))
        guard case .head = try parser.next() else { Issue.record("expected head"); return }
        #expect(throws: HTTPParseError.bodyTooLarge) { try parser.next() }
    }

    @Test func raisedLimit_appliesToChunkedBodies() {
        let outcome = parseAllWays(chunked("4\r\nWiki\r\n5\r\npedia\r\n0\r\n\r\n"),
                                   parser: HTTPRequestParser(defaultBodyLimit: 8),
                                   onHead: { parser, _ in parser.setBodyLimit(9) })
        #expect(outcome.bodies == [bytes("Wikipedia")])
    }

    @Test func trailerSection_ofExactlyMaxHeaderBytes_isAccepted_andOneByteMoreIsRejectedWith431() {
        // Trailer section: "X: " + 93 bytes + CRLF, then the final CRLF = 100 bytes.
        let trailers = "X: " + String(repeating: "t", count: 93) + "\r\n\r\n"
        #expect(trailers.utf8.count == 100)
        let input = chunked("1\r\nx\r\n0\r\n" + trailers)
        let fits = parseAllWays(input, parser: HTTPRequestParser(maxHeaderBytes: 100))
        #expect(fits.error == nil)
        #expect(fits.bodies == [bytes("x")])
        let over = parseAllWays(input, parser: HTTPRequestParser(maxHeaderBytes: 99))
        #expect(over.error == .trailersTooLarge)
        #expect(over.error?.status == 431)
        #expect(over.heads.count == 1)
    }

    @Test func malformedTrailerField_isRejectedWith400() {
        #expect(parseAllWays(chunked("0\r\nX-T: a\r\n folded\r\n\r\n")).error == .obsoleteLineFolding)
        #expect(parseAllWays(chunked("0\r\nX-T : a\r\n\r\n")).error == .whitespaceBeforeColon)
    }

    @Test(arguments: ["gzip", "chunked, gzip", "chunked, chunked", "", "chunked;q=1"])
    func transferEncoding_withoutChunkedAsTheOnlyFinalCoding_isRejectedWith400(te: String) {
        let outcome = parseAllWays(chunked("0\r\n\r\n", te: te))
        #expect(outcome.error == .chunkedNotFinal, "\(te)")
        #expect(outcome.error?.status == 400)
    }

    @Test(arguments: ["gzip, chunked", "deflate,chunked", "identity , chunked"])
    func transferEncoding_withAnotherCodingBeforeChunked_isRejectedWith501(te: String) {
        let outcome = parseAllWays(chunked("0\r\n\r\n", te: te))
        #expect(outcome.error == .unsupportedTransferEncoding)
        #expect(outcome.error?.status == 501)
    }

    @Test func transferEncodingSplitOverTwoFields_isOneList() {
        let outcome = parseAllWays("POST / HTTP/1.1\r\nHost: a\r\n"
            + "Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
        #expect(outcome.error == .unsupportedTransferEncoding)
    }

    @Test func transferEncoding_inHTTP10Request_isRejectedWith400() {
        let outcome = parseAllWays(chunked("0\r\n\r\n", version: "HTTP/1.0"))
        #expect(outcome.error == .transferEncodingInHTTP10)
        #expect(outcome.error?.status == 400)
    }
}
