import HTTP
import JSON
import Testing
@testable import api_gateway

@Suite struct ExportDownloadTests {
    @Test func theFileTextIsTheRawBody_WithItsTypeAndName() {
        let result: JSONValue = ["contentType": "application/json; charset=utf-8", "filename": "session-5.json",
                                 "body": "{\n  \"session\": 5\n}\n"]
        let response = ExportDownload.response(forResult: result.serialized)
        #expect(response.status == 200)
        #expect(response.headers["content-type"] == "application/json; charset=utf-8")
        #expect(response.headers["content-disposition"] == #"attachment; filename="session-5.json""#)
        #expect(response.body == Array("{\n  \"session\": 5\n}\n".utf8))
    }

    @Test func quotesAndControlCharactersNeverReachTheHeader() {
        #expect(ExportDownload.quotable("a\"b\\c\r\nd.txt") == "abcd.txt")
        #expect(ExportDownload.quotable("séance 5.txt") == "séance 5.txt")
    }

    @Test(arguments: [#"{"filename":"x","body":"y"}"#, #"{"contentType":"text/plain","body":"y"}"#,
                      #"{"contentType":"text/plain","filename":"x","body":5}"#, "[]", "nonsense"])
    func anIncompleteResultIsABadGateway(text: String) {
        let response = ExportDownload.response(forResult: Array(text.utf8))
        #expect(response.status == 502)
        #expect(response.body == Array(#"{"error":"Bad gateway"}"#.utf8))
    }
}
