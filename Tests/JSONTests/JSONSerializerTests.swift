import JSON
import Testing

/// Compact output: RFC 8259 §2 (no insignificant whitespace), §6 (numbers), §7 (strings).
@Suite struct JSONSerializerTests {
    @Test func literals_AreWrittenAsNames() {
        #expect(JSONValue.null.jsonString == "null")
        #expect(JSONValue.bool(true).jsonString == "true")
        #expect(JSONValue.bool(false).jsonString == "false")
    }

    @Test(arguments: [
        (Int64(0), "0"), (7, "7"), (-1, "-1"), (10, "10"), (-10, "-10"), (1_000_000, "1000000"),
        (.max, "9223372036854775807"), (.min, "-9223372036854775808"),
    ])
    func integers_AreWrittenInDecimal(value: Int64, expected: String) {
        #expect(JSONValue.int(value).jsonString == expected)
    }

    @Test(arguments: [
        (1.5, "1.5"), (100.0, "100.0"), (0.1, "0.1"), (1e-5, "1e-05"), (1e20, "1e+20"),
        (-0.0, "-0.0"), (Double.leastNonzeroMagnitude, "5e-324"), (1.7976931348623157e308, "1.7976931348623157e+308"),
    ])
    func doubles_AreWrittenInShortestRoundTripForm(value: Double, expected: String) {
        #expect(JSONValue.double(value).jsonString == expected)
    }

    @Test(arguments: [Double.nan, .infinity, -.infinity, .signalingNaN])
    func nonFiniteDoubles_AreWrittenAsNull(value: Double) {
        #expect(JSONValue.double(value).jsonString == "null")
    }

    @Test func strings_EscapeOnlyQuoteBackslashAndControlCharacters() {
        let value = JSONValue.string("\"\\/\u{08}\u{0C}\n\r\t\u{01}\u{1F}\u{0}\u{7F}é😀")
        let expected = #""\"\\/\b\f\n\r\t\u0001\u001f\u0000"# + "\u{7F}é😀\""
        #expect(value.jsonString == expected)
    }

    @Test func nonASCII_IsWrittenAsRawUTF8() {
        #expect(JSONValue.string("é€😀").serialized == [0x22, 0xC3, 0xA9, 0xE2, 0x82, 0xAC, 0xF0, 0x9F, 0x98, 0x80, 0x22])
    }

    @Test(arguments: 0..<20)
    func escapes_AreWrittenAtEveryPositionWithinAWord(position: Int) {
        let prefix = String(repeating: "a", count: position)
        let suffix = String(repeating: "b", count: 9)
        #expect(JSONValue.string(prefix + "\n" + suffix).jsonString == "\"\(prefix)\\n\(suffix)\"")
        #expect(JSONValue.string(prefix + "\u{1}" + suffix).jsonString == "\"\(prefix)\\u0001\(suffix)\"")
        #expect(JSONValue.string(prefix).jsonString == "\"\(prefix)\"")
    }

    @Test func stringOfOnlyEscapes_GrowsTheBufferCorrectly() {
        let value = JSONValue.string(String(repeating: "\u{1}", count: 5_000))
        #expect(value.jsonString == "\"" + String(repeating: #"\u0001"#, count: 5_000) + "\"")
    }

    @Test func containers_AreCompact_AndKeepMemberOrder() {
        let value: JSONValue = ["b": 1, "a": [true, nil, "x"], "c": [:], "d": []]
        #expect(value.jsonString == #"{"b":1,"a":[true,null,"x"],"c":{},"d":[]}"#)
    }

    @Test func objectKeys_AreEscaped() {
        let value: JSONValue = ["line\nbreak": 1, "quote\"": 2]
        #expect(value.jsonString == #"{"line\nbreak":1,"quote\"":2}"#)
    }

    @Test func serializeInto_AppendsAfterExistingBytes() {
        var output = Array("prefix:".utf8)
        JSONValue.array([1, "two"]).serialize(into: &output)
        JSONValue.int(3).serialize(into: &output)
        #expect(String(decoding: output, as: UTF8.self) == #"prefix:[1,"two"]3"#)
    }

    @Test func largeDocuments_ExceedingTheInitialBuffer_AreComplete() throws {
        let strings = (0..<10_000).map { JSONValue.string("item-\($0)-\"q\"") }
        let bytes = JSONValue.array(strings).serialized
        #expect(bytes.first == UInt8(ascii: "[") && bytes.last == UInt8(ascii: "]"))
        #expect(try JSONValue.parse(bytes) == .array(strings))
    }

    @Test func jsonString_MatchesSerializedBytes() {
        let value: JSONValue = ["name": "Zoë", "n": 1.25]
        #expect(Array(value.jsonString.utf8) == value.serialized)
    }
}
