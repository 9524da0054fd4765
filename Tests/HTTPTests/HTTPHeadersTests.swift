@testable import HTTP
import Testing

struct HTTPHeadersTests {
    @Test func subscript_findsTheFirstValue_caseInsensitively() {
        let headers: HTTPHeaders = ["Content-Type": "a", "content-type": "b"]
        #expect(headers["CONTENT-TYPE"] == "a")
        #expect(headers["Content-Length"] == nil)
    }

    @Test func valuesFor_returnsEveryValueInOrder() {
        let headers: HTTPHeaders = ["Set-Cookie": "a=1", "X": "y", "set-cookie": "b=2"]
        #expect(headers.values(for: "Set-Cookie") == ["a=1", "b=2"])
        #expect(headers.values(for: "Nope").isEmpty)
    }

    @Test func add_appendsAndKeepsDuplicates() {
        var headers = HTTPHeaders()
        headers.add(name: "Vary", value: "Origin")
        headers.add(name: "Vary", value: "Accept")
        #expect(headers.count == 2)
        #expect(headers.fields.map(\.value) == ["Origin", "Accept"])
    }

    @Test func replaceOrAdd_replacesTheFirstInPlace_andRemovesTheRest() {
        var headers: HTTPHeaders = ["A": "1", "x-id": "old1", "B": "2", "X-Id": "old2"]
        headers.replaceOrAdd(name: "X-ID", value: "new")
        #expect(headers.fields.map(\.name) == ["A", "X-ID", "B"])
        #expect(headers["x-id"] == "new")
    }

    @Test func replaceOrAdd_appendsWhenAbsent() {
        var headers: HTTPHeaders = ["A": "1"]
        headers.replaceOrAdd(name: "B", value: "2")
        #expect(headers == ["A": "1", "B": "2"])
    }

    @Test func remove_dropsEveryFieldWithTheName() {
        var headers: HTTPHeaders = ["A": "1", "b": "2", "B": "3", "C": "4"]
        headers.remove(name: "B")
        #expect(headers == ["A": "1", "C": "4"])
        #expect(!headers.contains(name: "b"))
    }

    @Test func containsToken_findsCommaSeparatedTokensCaseInsensitively() {
        let headers: HTTPHeaders = ["Connection": " keep-alive ,\tUpgrade", "connection": "x,,TE"]
        #expect(headers.contains(token: "upgrade", in: "Connection"))
        #expect(headers.contains(token: "Keep-Alive", in: "CONNECTION"))
        #expect(headers.contains(token: "te", in: "Connection"))
        #expect(!headers.contains(token: "keep", in: "Connection"))
        #expect(!headers.contains(token: "alive", in: "Connection"))
        #expect(!headers.contains(token: "upgrade", in: "Upgrade"))
        #expect(!headers.contains(token: "", in: "Connection"))
    }

    @Test func equality_comparesNamesCaseInsensitively_valuesExactly_andOrder() {
        let headers: HTTPHeaders = ["A": "1", "B": "2"]
        #expect(headers == ["a": "1", "b": "2"])
        #expect(headers != ["A": "1", "B": "x"])
        #expect(headers != ["B": "2", "A": "1"])
        #expect(headers != ["A": "1"])
    }
}

struct HTTPHeadersStorageTests {
    @Test func parsedHeaders_equalHeadersBuiltFromStrings() throws {
        var parser = HTTPRequestParser()
        parser.append(bytes("GET / HTTP/1.1\r\nHost: a\r\nX-List: a, b\r\n\r\n"))
        guard case .head(let head) = try parser.next() else { Issue.record("expected head"); return }
        let built: HTTPHeaders = ["host": "a", "x-list": "a, b"]
        #expect(head.headers == built)
        #expect(head.headers.fields.map(\.name) == ["Host", "X-List"])
    }

    @Test func repeatedReplacing_doesNotGrowTheStorageWithoutBound() {
        var headers: HTTPHeaders = ["A": "1", "Counter": "0"]
        for round in 1...10_000 { headers.replaceOrAdd(name: "Counter", value: "\(round)") }
        #expect(headers == ["A": "1", "Counter": "10000"])
        #expect(headers.bytes.count < 1_000)
    }
}
