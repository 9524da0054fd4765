import JSON
import Testing

/// `JSONValidation` must accept and reject exactly what `JSONValue.parse`
/// does: the gateway checks bodies with it and the services parse them.
@Suite struct JSONValidationTests {
    static let texts: [String] = [
        "{}", " { } ", "[]", "1", "-0", "1e400", "1.5e3", "01", "1.", "-", "\"a\"", "\"\\u00e9\"",
        "\"\\ud83d\\ude00\"", "\"\\ud83d\"", "\"\\udc00x\"", "\"\\x\"", "\"tab\there\"", "true", "tru", "nul",
        #"{"a":[1,{"b":null}],"c":"ü"}"#, #"{"a":1,}"#, #"{"a" 1}"#, #"{a:1}"#, "[1,]", "[1 2]", "{} {}",
        "", "   ", #"{"a":"\u{0}"}"#, "{\"a\":\"\u{7F}\"}", "[\"é\"]", "{\n\"a\"\r\n:\t1}",
        String(repeating: "[", count: 512) + String(repeating: "]", count: 512),
        String(repeating: "[", count: 513) + String(repeating: "]", count: 513),
    ]

    @Test(arguments: texts)
    func agreesWithTheParser(text: String) {
        let bytes = Array(text.utf8)
        let parsed = try? JSONValue.parse(bytes)
        #expect((JSONValidation.firstError(bytes) == nil) == (parsed != nil))
        #expect(JSONValidation.isObject(bytes) == (parsed?.objectValue != nil))
    }

    @Test func invalidUTF8IsRejected() {
        for bytes: [UInt8] in [[0x22, 0xC3, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22], [0x22, 0xF5, 0x80, 0x80, 0x80, 0x22]] {
            #expect(JSONValidation.firstError(bytes) != nil)
            #expect((try? JSONValue.parse(bytes)) == nil)
        }
    }

    @Test func reportsTheParsersError() {
        let bytes = Array(#"{"a":[1,2,}"#.utf8)
        var parserError: JSONParseError?
        do { _ = try JSONValue.parse(bytes) } catch { parserError = error }
        #expect(JSONValidation.firstError(bytes) == parserError)
    }
}
