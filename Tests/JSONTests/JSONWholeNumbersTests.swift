import JSON
import Testing

@Suite struct JSONWholeNumbersTests {
    private func parsed(_ text: String) throws -> JSONValue { try JSONValue.parse(Array(text.utf8)) }

    @Test(arguments: [("5.0", Int64(5)), ("5e0", 5), ("500e-2", 5), ("-3.000", -3), ("-0.0", 0), ("1E2", 100),
                      ("9007199254740992.0", 9_007_199_254_740_992)])
    func wholeNumbersBecomeInts(text: String, expected: Int64) throws {
        #expect(try parsed(text).wholeNumbersAsInts == .int(expected))
    }

    @Test(arguments: ["1.5", "1e300", "-1e19", "9223372036854775808.0", "0.1", "-9223372036854775809",
                      "9223372036854775808", "-9223372036854775808.0"])
    func fractionsAndOutOfRangeNumbersStayDoubles(text: String) throws {
        let value = try parsed(text)
        #expect(value.wholeNumbersAsInts == value)
    }

    @Test func nonNumbersAreUnchanged() throws {
        for text in [#""5.0""#, "true", "null", "7"] {
            let value = try parsed(text)
            #expect(value.wholeNumbersAsInts == value)
        }
    }

    @Test func containersAreNormalizedDeeply_InOrder_KeepingEverythingElse() throws {
        let value = try parsed(#"{"b":2.0,"a":[1.0,1.5,{"c":3e0}],"s":"4.0","n":null}"#)
        let expected = try parsed(#"{"b":2,"a":[1,1.5,{"c":3}],"s":"4.0","n":null}"#)
        #expect(value.wholeNumbersAsInts == expected)
        #expect(value.wholeNumbersAsInts.objectValue?.keys == ["b", "a", "s", "n"])
        let object = try #require(value.objectValue)
        #expect(JSONValue.object(object.wholeNumbersAsInts) == expected)
    }
}
