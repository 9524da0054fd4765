/// Conversions from Swift values, for building responses from variables:
/// `JSONValue(user.name)`, `JSONValue(count)`, `JSONValue(user.nickname)`
/// (`nil` → `null`).
extension JSONValue {
    public init(_ value: Int) { self = .int(Int64(value)) }

    public init(_ value: Int64) { self = .int(value) }

    public init(_ value: Double) { self = .double(value) }

    public init(_ value: Bool) { self = .bool(value) }

    /// A string, or `null` when `value` is `nil`.
    public init(_ value: String?) { self = value.map(JSONValue.string) ?? .null }

    public init(_ elements: [JSONValue]) { self = .array(elements) }

    public init(_ object: JSONObject) { self = .object(object) }
}
