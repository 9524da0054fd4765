import JSON
import Testing

/// RFC 8259 §6: `number = [ minus ] int [ frac ] [ exp ]`, and our mapping to `.int` / `.double`.
@Suite struct JSONParserNumberTests {
    @Test(arguments: [("0", Int64(0)), ("-0", 0), ("7", 7), ("-17", -17), ("1234567890", 1_234_567_890)])
    func integers_BecomeInt(text: String, expected: Int64) throws {
        #expect(try JSONValue.parse(text) == .int(expected))
    }

    @Test func int64Max_IsInt_AndOneMore_IsDouble() throws {
        #expect(try JSONValue.parse("9223372036854775807") == .int(.max))
        #expect(try JSONValue.parse("9223372036854775808") == .double(9_223_372_036_854_775_808.0))
    }

    @Test func int64Min_IsInt_AndOneLess_IsDouble() throws {
        #expect(try JSONValue.parse("-9223372036854775808") == .int(.min))
        #expect(try JSONValue.parse("-9223372036854775809") == .double(-9_223_372_036_854_775_808.0))
    }

    @Test func integersBeyondUInt64_BecomeDouble() throws {
        #expect(try JSONValue.parse("18446744073709551616") == .double(18_446_744_073_709_551_616.0))
        let hundredDigits = "1" + String(repeating: "0", count: 99)
        #expect(try JSONValue.parse(hundredDigits) == .double(1e99))
    }

    @Test(arguments: [
        ("1.5", 1.5), ("-0.25", -0.25), ("1e3", 1000.0), ("1E+2", 100.0), ("1e-2", 0.01),
        ("2.5e-3", 0.0025), ("0.1", 0.1), ("1.0", 1.0), ("-1E0", -1.0), ("0e10", 0.0), ("1e007", 1e7),
    ])
    func fractionsAndExponents_BecomeDouble(text: String, expected: Double) throws {
        #expect(try JSONValue.parse(text) == .double(expected))
    }

    /// Results must be the correctly rounded `Double`, fast path or not.
    @Test(arguments: [
        "0.1", "0.30000000000000004", "1.7976931348623157e308", "5e-324", "4.9e-324",
        "2.2250738585072014e-308", "2.2250738585072011e-308", "9007199254740993.0",
        "123456789012345678901234567890e-10", "1e23", "8.41e21", "3.14159265358979323846",
        "0.000000000000000000000000000001", "1e22", "1e-22", "9007199254740992e22", "4503599627370497.5",
    ])
    func doubles_MatchTheStandardLibrarysCorrectlyRoundedValue(text: String) throws {
        let expected = try #require(Double(text))
        let parsed = try #require(try JSONValue.parse(text).doubleValue)
        #expect(parsed.bitPattern == expected.bitPattern)
    }

    @Test func negativeZeroDouble_KeepsItsSign() throws {
        let value = try #require(try JSONValue.parse("-0.0").doubleValue)
        #expect(value == 0 && value.sign == .minus)
    }

    @Test func tinyExponent_UnderflowsToZero() throws {
        #expect(try JSONValue.parse("1e-400") == .double(0))
    }

    @Test(arguments: ["1e400", "-1e400", "1e309", "17976931348623159e292"])
    func numbersBeyondDoubleRange_AreRejected(text: String) {
        #expect(parseError(text) == error(.numberOutOfRange, at: 0))
    }

    @Test(arguments: [
        ("01", JSONParseError.Reason.invalidNumber, 1),
        ("00", .invalidNumber, 1),
        ("-01", .invalidNumber, 2),
        ("-", .unexpectedEnd, 1),
        ("-a", .invalidNumber, 1),
        ("- 1", .invalidNumber, 1),
        ("-.5", .invalidNumber, 1),
        (".5", .unexpectedCharacter, 0),
        ("1.", .unexpectedEnd, 2),
        ("1.e3", .invalidNumber, 2),
        ("1e", .unexpectedEnd, 2),
        ("1e+", .unexpectedEnd, 3),
        ("1ea", .invalidNumber, 2),
        ("1e+-1", .invalidNumber, 3),
        ("+1", .unexpectedCharacter, 0),
        ("NaN", .unexpectedCharacter, 0),
        ("Infinity", .unexpectedCharacter, 0),
        ("-Infinity", .invalidNumber, 1),
        ("0x10", .trailingData, 1),
        ("1.5.2", .trailingData, 3),
        ("[01]", .invalidNumber, 2),
        ("[1.]", .invalidNumber, 3),
        ("[-]", .invalidNumber, 2),
    ])
    func malformedNumbers_AreRejected(text: String, reason: JSONParseError.Reason, offset: Int) {
        #expect(parseError(text) == error(reason, at: offset))
    }

    @Test func numbersInsideContainers_EndAtTheDelimiter() throws {
        let value = try JSONValue.parse(#"[0,-1,2.5,3e2,{"n":-0.5}]"#)
        #expect(value == [0, -1, 2.5, 300.0, ["n": -0.5]])
    }
}
