@testable import HTTP
import Testing
import TestSupport

struct HeaderFieldParsingTests {
    private func head(_ fields: String) -> ParseOutcome {
        parseAllWays("GET / HTTP/1.1\r\nHost: a\r\n\(fields)\r\n")
    }

    @Test func fields_keepOrderNameCaseAndDuplicates_withValuesTrimmedOfOWS() throws {
        let outcome = head("X-A:  v1 \t\r\nx-a:v2\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\n")
        let headers = try #require(outcome.heads.first?.headers)
        #expect(headers.fields.map(\.name) == ["Host", "X-A", "x-a", "Set-Cookie", "Set-Cookie"])
        #expect(headers.fields.map(\.value) == ["a", "v1", "v2", "a=1", "b=2"])
        #expect(headers.values(for: "x-a") == ["v1", "v2"])
    }

    @Test func emptyFieldValue_isAllowed() {
        let outcome = head("X-Empty:\r\nX-Spaces:   \r\n")
        #expect(outcome.heads.first?.headers["X-Empty"] == "")
        #expect(outcome.heads.first?.headers["X-Spaces"] == "")
    }

    @Test func valueWithInnerWhitespaceTabsAndObsText_isKept() {
        let input = bytes("GET / HTTP/1.1\r\nHost: a\r\nX-V: a \tb caf") + [0xC3, 0xA9] + bytes("\r\n\r\n")
        let outcome = parseAllWays(input)
        #expect(outcome.error == nil)
        #expect(outcome.heads.first?.headers["X-V"] == "a \tb café")
    }

    @Test func obsFold_isRejectedWith400() {
        let outcome = head("X-A: one\r\n  two\r\n")
        #expect(outcome.error == .obsoleteLineFolding)
        #expect(outcome.error?.status == 400)
        let tabbed = head("X-A: one\r\n\ttwo\r\n")
        #expect(tabbed.error == .obsoleteLineFolding)
    }

    @Test func whitespaceBetweenRequestLineAndFirstField_isRejectedWith400() {
        let outcome = parseAllWays("GET / HTTP/1.1\r\n Host: a\r\n\r\n")
        #expect(outcome.error == .whitespaceAfterStartLine)
        #expect(outcome.error?.status == 400)
    }

    @Test(arguments: ["X-A : v", "X-A\t: v"])
    func whitespaceBeforeColon_isRejectedWith400(line: String) {
        let outcome = head("\(line)\r\n")
        #expect(outcome.error == .whitespaceBeforeColon)
        #expect(outcome.error?.status == 400)
    }

    @Test(arguments: ["X A: v", "X(A): v", ": v", "NoColon", "X-\u{E9}: v", "X@: v"])
    func invalidFieldName_isRejectedWith400(line: String) {
        let outcome = head("\(line)\r\n")
        #expect(outcome.error == .invalidHeaderName)
    }

    @Test(arguments: ["a\u{0}b", "a\u{1}b", "a\u{7F}b", "a\rb", "a\u{1B}b"])
    func controlCharacterInValue_isRejectedWith400(value: String) {
        let outcome = head("X-A: \(value)\r\n")
        #expect(outcome.error == .invalidHeaderValue)
        #expect(outcome.error?.status == 400)
    }

    @Test func doubleCarriageReturnBeforeLineFeed_isRejected() {
        #expect(head("X-A: v\r\r\n").error == .invalidHeaderValue)
    }
}
