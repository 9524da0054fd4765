/// Literal syntax for building values in code and tests:
/// `let v: JSONValue = ["id": 7, "tags": ["a", nil], "ok": true]`.
///
/// A dictionary literal keeps its written order; a repeated key keeps its
/// first position and takes the last value (as ``JSONObject`` does). Note
/// that `nil` assigned to a `JSONValue?` is still `Optional.none`; write
/// `JSONValue.null` when the optional itself should hold JSON null.
extension JSONValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .null }

    public init(booleanLiteral value: Bool) { self = .bool(value) }

    public init(integerLiteral value: Int64) { self = .int(value) }

    public init(floatLiteral value: Double) { self = .double(value) }

    public init(stringLiteral value: String) { self = .string(value) }

    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }

    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        var object = JSONObject()
        for (key, value) in elements { object[key] = value }
        self = .object(object)
    }
}
