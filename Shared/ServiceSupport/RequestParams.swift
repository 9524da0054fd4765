import JSON

/// Reading the params convention of `Method` (see Contracts): path ids,
/// the JSON body, the query.
public struct RequestParams: Sendable {
    public let raw: JSONObject

    public init(raw: JSONObject) { self.raw = raw }

    /// A path id; 0 (which matches no row) when absent or invalid.
    public func id(_ name: String = "id") -> Int64 {
        guard let value = raw[name]?.intValue, value > 0 else { return 0 }
        return value
    }

    /// The request body; a whole number is an integer however it is spelt
    /// (`5.0` is 5: `JSONValue.wholeNumbersAsInts`), so every integer field
    /// of every method accepts what JSON Schema's `integer` accepts.
    public var body: JSONObject { raw["body"]?.objectValue?.wholeNumbersAsInts ?? JSONObject() }

    public func query(_ name: String) -> String? { raw["query"]?[name]?.stringValue }
}

extension JSONObject {
    /// True when the member is absent or JSON null.
    public func isMissing(_ key: String) -> Bool {
        guard let value = self[key] else { return true }
        return value.isNull
    }

    /// A JSON integer (not a fraction, string or bool; `5.0` counts when the
    /// object is a `RequestParams.body`).
    public func strictInt(_ key: String) -> Int64? {
        if case .int(let value)? = self[key] { return value }
        return nil
    }
}
