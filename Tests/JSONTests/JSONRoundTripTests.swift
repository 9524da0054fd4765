import JSON
import Testing

/// serialize → parse returns the same value, and parse → serialize returns compact input unchanged.
@Suite struct JSONRoundTripTests {
    @Test func everyASCIICharacter_RoundTrips() throws {
        let text = String(decoding: (0..<128).map { UInt8($0) }, as: UTF8.self)
        let value = JSONValue.string(text)
        #expect(try JSONValue.parse(value.serialized) == value)
    }

    @Test func nonASCIIAndAstralScalars_RoundTrip() throws {
        let value = JSONValue.string("Zoë · 漢字 · 😀 · \u{10FFFF} · e\u{301}")
        #expect(try JSONValue.parse(value.serialized) == value)
        #expect(try JSONValue.parse(value.serialized).stringValue?.utf8.elementsEqual(value.stringValue!.utf8) == true)
    }

    @Test(arguments: [
        0.1, 1.0 / 3.0, .leastNonzeroMagnitude, .leastNormalMagnitude, .greatestFiniteMagnitude,
        1e-7, 123456.789, -2.5e-300, 9_007_199_254_740_993.0, 1e22, 1e23, -0.0, 0.0, 4.35, 1e16,
    ])
    func doubles_RoundTripBitForBit(value: Double) throws {
        let parsed = try JSONValue.parse(JSONValue.double(value).serialized)
        guard case .double(let result) = parsed else {
            Issue.record("expected .double, got \(parsed)")
            return
        }
        #expect(result.bitPattern == value.bitPattern)
    }

    @Test(arguments: [Int64.min, -1, 0, 1, 42, Int64(Int32.max) + 1, .max])
    func integers_RoundTripAsInt(value: Int64) throws {
        #expect(try JSONValue.parse(JSONValue.int(value).serialized) == .int(value))
    }

    @Test func nestedDocument_RoundTrips() throws {
        let host: JSONValue = ["id": 7, "name": "Zoë \"the\" host", "tags": ["a/b", "c\\d", "\t"]]
        let document: JSONValue = [
            "ok": true, "count": 2, "ratio": 0.75, "nothing": nil, "host": host,
            "list": [1, 2.5, "three", [], [:], [[[nil]]]],
        ]
        #expect(try JSONValue.parse(document.serialized) == document)
    }

    @Test(arguments: [
        #"{"a":1,"b":[true,false,null],"c":{"d":"e"}}"#,
        #"[1,-2,3.5,1e-05,1e+20,"\"\\\n\u0001",{}]"#,
        #""/ is not escaped""#,
        #"-9223372036854775808"#,
    ])
    func compactText_RoundTripsByteForByte(text: String) throws {
        #expect(try JSONValue.parse(text).jsonString == text)
    }

    @Test func escapedSlashAndUppercaseHex_ComeBackInCanonicalForm() throws {
        #expect(try JSONValue.parse(#""\/\u001F\u00E9""#).jsonString == #""/\u001f"# + "é\"")
    }
}
