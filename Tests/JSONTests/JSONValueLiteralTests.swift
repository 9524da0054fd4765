import JSON
import Testing

@Suite struct JSONValueLiteralTests {
    @Test func scalarLiterals_MapToTheirCases() {
        let null: JSONValue = nil
        let flag: JSONValue = true
        let integer: JSONValue = 42
        let double: JSONValue = 2.5
        let text: JSONValue = "hi"
        #expect(null == .null)
        #expect(flag == .bool(true))
        #expect(integer == .int(42))
        #expect(double == .double(2.5))
        #expect(text == .string("hi"))
    }

    @Test func arrayLiteral_MapsToArray() {
        let value: JSONValue = [1, "a", nil]
        #expect(value == .array([.int(1), .string("a"), .null]))
    }

    @Test func dictionaryLiteral_KeepsWrittenOrder() {
        let value: JSONValue = ["z": 1, "a": 2]
        #expect(value.objectValue?.keys == ["z", "a"])
    }

    @Test func dictionaryLiteral_RepeatedKey_KeepsFirstPositionAndLastValue() {
        let value: JSONValue = ["a": 1, "b": 2, "a": 3]
        #expect(value.objectValue?.keys == ["a", "b"])
        #expect(value["a"] == .int(3))
    }

    @Test func initializers_ConvertSwiftValues() {
        let missing: String? = nil
        #expect(JSONValue(5) == .int(5))
        #expect(JSONValue(Int64.max) == .int(.max))
        #expect(JSONValue(0.25) == .double(0.25))
        #expect(JSONValue(false) == .bool(false))
        #expect(JSONValue("x") == .string("x"))
        #expect(JSONValue(missing) == .null)
        #expect(JSONValue([JSONValue.int(1)]) == .array([.int(1)]))
        #expect(JSONValue(JSONObject()) == .object(JSONObject()))
    }
}
