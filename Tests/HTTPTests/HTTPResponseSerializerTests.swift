@testable import HTTP
import Testing

struct HTTPResponseSerializerTests {
    private let date = "Sun, 06 Nov 1994 08:49:37 GMT"

    private func serialize(_ response: HTTPResponse, keepAlive: Bool = true, headRequest: Bool = false) -> String {
        var buffer: [UInt8] = []
        HTTPResponseSerializer.serialize(response, into: &buffer, keepAlive: keepAlive, headRequest: headRequest,
                                         date: date)
        return String(decoding: buffer, as: UTF8.self)
    }

    @Test func jsonResponse_isSerializedExactly() {
        let text = serialize(.json(body: bytes("{\"ok\":true}")))
        #expect(text == "HTTP/1.1 200 OK\r\n"
            + "Content-Type: application/json; charset=utf-8\r\n"
            + "Content-Length: 11\r\n"
            + "Connection: keep-alive\r\n"
            + "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n"
            + "\r\n"
            + "{\"ok\":true}")
    }

    @Test func headResponse_omitsTheBody_butKeepsItsContentLength() {
        let text = serialize(.json(body: bytes("{\"ok\":true}")), headRequest: true)
        #expect(text == "HTTP/1.1 200 OK\r\n"
            + "Content-Type: application/json; charset=utf-8\r\n"
            + "Content-Length: 11\r\n"
            + "Connection: keep-alive\r\n"
            + "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n"
            + "\r\n")
    }

    @Test func closingConnection_writesConnectionClose_replacingTheResponsesConnectionField() {
        let response = HTTPResponse(status: 404, headers: ["Connection": "keep-alive", "X-A": "b"], body: bytes("no"))
        #expect(serialize(response, keepAlive: false) == "HTTP/1.1 404 Not Found\r\n"
            + "X-A: b\r\n"
            + "Content-Length: 2\r\n"
            + "Connection: close\r\n"
            + "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n"
            + "\r\n"
            + "no")
    }

    @Test func noContentResponse_hasNeitherContentLengthNorBody() {
        let response = HTTPResponse(status: 204, body: bytes("ignored"))
        #expect(serialize(response) == "HTTP/1.1 204 No Content\r\n"
            + "Connection: keep-alive\r\n"
            + "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n"
            + "\r\n")
        #expect(!serialize(HTTPResponse(status: 304)).contains("Content-Length"))
    }

    @Test func switchingProtocols_keepsTheResponsesConnectionAndUpgradeFields() {
        let response = HTTPResponse(status: 101, headers: [
            "Upgrade": "websocket", "Connection": "Upgrade", "Sec-WebSocket-Accept": "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=",
        ])
        #expect(serialize(response) == "HTTP/1.1 101 Switching Protocols\r\n"
            + "Upgrade: websocket\r\n"
            + "Connection: Upgrade\r\n"
            + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"
            + "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n"
            + "\r\n")
    }

    @Test func framingFieldsSetByTheHandler_areReplacedByTheSerializers() {
        let response = HTTPResponse(status: 200, headers: [
            "content-length": "999", "Transfer-Encoding": "chunked", "DATE": "yesterday", "X-Keep": "1",
        ], body: bytes("abc"))
        #expect(serialize(response) == "HTTP/1.1 200 OK\r\n"
            + "X-Keep: 1\r\n"
            + "Content-Length: 3\r\n"
            + "Connection: keep-alive\r\n"
            + "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n"
            + "\r\n"
            + "abc")
    }

    @Test func emptyBody_getsContentLengthZero() {
        #expect(serialize(HTTPResponse(status: 200)).contains("\r\nContent-Length: 0\r\n"))
    }

    @Test func largeContentLength_isWrittenInDecimal() {
        let response = HTTPResponse(body: [UInt8](repeating: 0, count: 1_234_567))
        #expect(serialize(response, headRequest: true).contains("\r\nContent-Length: 1234567\r\n"))
    }

    @Test(arguments: [
        (100, "Continue"), (101, "Switching Protocols"), (200, "OK"), (201, "Created"), (204, "No Content"),
        (400, "Bad Request"), (401, "Unauthorized"), (403, "Forbidden"), (404, "Not Found"),
        (405, "Method Not Allowed"), (408, "Request Timeout"), (409, "Conflict"), (413, "Content Too Large"),
        (426, "Upgrade Required"), (431, "Request Header Fields Too Large"), (500, "Internal Server Error"),
        (501, "Not Implemented"), (503, "Service Unavailable"), (504, "Gateway Timeout"),
        (505, "HTTP Version Not Supported"),
    ])
    func statusLine_carriesTheStandardReasonPhrase(status: Int, reason: String) {
        #expect(serialize(HTTPResponse(status: status)).hasPrefix("HTTP/1.1 \(status) \(reason)\r\n"))
    }

    @Test func unknownStatus_getsAnEmptyReasonPhrase() {
        #expect(serialize(HTTPResponse(status: 299)).hasPrefix("HTTP/1.1 299 \r\n"))
    }

    @Test func serializing_appendsToWhatIsAlreadyInTheBuffer() {
        var buffer = bytes("previous")
        HTTPResponseSerializer.serialize(HTTPResponse(status: 204), into: &buffer, keepAlive: true,
                                         headRequest: false, date: date)
        #expect(String(decoding: buffer, as: UTF8.self).hasPrefix("previousHTTP/1.1 204 No Content\r\n"))
    }

    @Test func continueLine_isTheBare100Response() {
        #expect(HTTPResponseSerializer.continueLine() == bytes("HTTP/1.1 100 Continue\r\n\r\n"))
    }

    @Test func textResponse_setsPlainTextContentType() {
        let response = HTTPResponse.text(status: 503, "down")
        #expect(response.headers["Content-Type"] == "text/plain; charset=utf-8")
        #expect(response.body == bytes("down"))
    }
}

struct ResponseSplittingTests {
    @Test func controlBytesInFieldNamesAndValues_areWrittenAsSpaces() {
        var headers = HTTPHeaders()
        headers.add(name: "X-Echo", value: "a\r\nSet-Cookie: evil=1")
        headers.add(name: "X-\nBad", value: "tab\tkept\u{0}\u{7F}")
        var buffer: [UInt8] = []
        HTTPResponseSerializer.serialize(HTTPResponse(status: 204, headers: headers), into: &buffer,
                                         keepAlive: true, headRequest: false, date: "D")
        #expect(String(decoding: buffer, as: UTF8.self) == "HTTP/1.1 204 No Content\r\n"
            + "X-Echo: a  Set-Cookie: evil=1\r\n"
            + "X- Bad: tab\tkept  \r\n"
            + "Connection: keep-alive\r\n"
            + "Date: D\r\n"
            + "\r\n")
    }
}
