import JSON
import Testing

/// RFC 8259 §2 (JSON text, whitespace) and §3 (literal names).
@Suite struct JSONParserGrammarTests {
    @Test func literals_AreParsed() throws {
        #expect(try JSONValue.parse("null") == .null)
        #expect(try JSONValue.parse("true") == .bool(true))
        #expect(try JSONValue.parse("false") == .bool(false))
    }

    @Test func anyValue_IsAcceptedAtTopLevel() throws {
        #expect(try JSONValue.parse("7") == .int(7))
        #expect(try JSONValue.parse(#""x""#) == .string("x"))
    }

    @Test func theFourWhitespaceCharacters_AreAllowedAroundTokens() throws {
        let value = try JSONValue.parse(" \t\r\n[ 1 ,\n\t2 ]\r\n ")
        #expect(value == .array([.int(1), .int(2)]))
        let object = try JSONValue.parse("{ \"a\" \n:\r 1 }")
        #expect(object == ["a": 1])
    }

    @Test(arguments: [
        ("\u{0C}1", 0),  // form feed is not JSON whitespace
        ("\u{0B}1", 0),  // vertical tab
        ("\u{A0}1", 0),  // no-break space (first UTF-8 byte)
        ("[1,\u{0C}2]", 3),
    ])
    func otherWhitespace_IsRejected(text: String, offset: Int) {
        #expect(parseError(text) == error(.unexpectedCharacter, at: offset))
    }

    @Test func emptyInput_IsUnexpectedEnd() {
        #expect(parseError("") == error(.unexpectedEnd, at: 0))
        #expect(parseError(" \n\t") == error(.unexpectedEnd, at: 3))
    }

    @Test(arguments: [
        ("1 2", 2), ("{} x", 3), ("nullx", 4), ("[1]]", 3), ("\"a\"\"b\"", 3), ("true false", 5), ("0 ,", 2),
    ])
    func anythingAfterTheValue_IsTrailingData(text: String, offset: Int) {
        #expect(parseError(text) == error(.trailingData, at: offset))
    }

    @Test func byteOrderMark_IsRejected() {
        // RFC 8259 §8.1: implementations MUST NOT add a BOM; we treat one as garbage.
        #expect(parseError([0xEF, 0xBB, 0xBF, UInt8(ascii: "1")]) == error(.unexpectedCharacter, at: 0))
    }

    @Test(arguments: [
        ("True", JSONParseError.Reason.unexpectedCharacter, 0),
        ("NULL", .unexpectedCharacter, 0),
        ("nul", .unexpectedEnd, 3),
        ("tru e", .unexpectedCharacter, 3),
        ("fals", .unexpectedEnd, 4),
        ("nil", .unexpectedCharacter, 1),
        ("undefined", .unexpectedCharacter, 0),
        ("'a'", .unexpectedCharacter, 0),
    ])
    func misspelledLiterals_AreRejected(text: String, reason: JSONParseError.Reason, offset: Int) {
        #expect(parseError(text) == error(reason, at: offset))
    }

    @Test func stringOverload_AndRawBufferOverload_AgreeWithByteOverload() throws {
        let text = #"{"a":[1,2.5,"é\n"],"b":null}"#
        let fromBytes = try JSONValue.parse(Array(text.utf8))
        let fromString = try JSONValue.parse(text)
        let fromBuffer = try Array(text.utf8).withUnsafeBytes { buffer in
            try JSONValue.parse(buffer)
        }
        #expect(fromString == fromBytes)
        #expect(fromBuffer == fromBytes)
        #expect(fromBytes["a"]?[2] == .string("é\n"))
    }

    @Test func parseError_DescribesOffsetAndReason() {
        let failure = parseError("[1,]")
        #expect(failure?.description == "invalid JSON at byte 3: unexpectedCharacter")
    }
}
