@testable import HTTP
import Testing

struct BufferCompactionTests {
    @Test func compactingTheBuffer_inTheMiddleOfAHead_keepsItsFields() throws {
        let first = "POST /first HTTP/1.1\r\nHost: a\r\nContent-Length: 6000\r\n\r\n"
            + String(repeating: "b", count: 6000)
        let fields = (1...40).map { "X-Field-\($0): value number \($0)\r\n" }.joined()
        let second = bytes("GET /second HTTP/1.1\r\nHost: a\r\n" + fields + "\r\n")
        var parser = HTTPRequestParser()
        parser.append(bytes(first) + second[0..<40])
        guard case .head = try parser.next(), case .complete = try parser.next() else {
            Issue.record("first request not parsed")
            return
        }
        #expect(try parser.next() == nil)
        var head: HTTPRequestHead?
        var offset = 40
        while offset < second.count {
            let end = min(offset + 97, second.count)
            parser.append(Array(second[offset..<end]))
            offset = end
            if case .head(let parsed) = try parser.next() { head = parsed }
        }
        let parsed = try #require(head)
        #expect(parsed.path == "/second")
        #expect(parsed.headers.count == 41)
        for number in 1...40 {
            #expect(parsed.headers["x-field-\(number)"] == "value number \(number)")
        }
        #expect(parser.buffer.count < 6000)  // the first request's bytes were dropped
    }
}
