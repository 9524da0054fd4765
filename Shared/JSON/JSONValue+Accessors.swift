extension JSONValue {
    /// The member named `key`, or `nil` if this is not an object or has no such member.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let object) = self else { return nil }
        return object[key]
    }

    /// The element at `index`, or `nil` if this is not an array or `index` is out of bounds.
    public subscript(index: Int) -> JSONValue? {
        guard case .array(let elements) = self, elements.indices.contains(index) else { return nil }
        return elements[index]
    }

    public var stringValue: String? {
        guard case .string(let value) = self else { return nil }
        return value
    }

    /// The integer this value holds.
    ///
    /// `.int` always; `.double` only when it is integral and within `Int64`
    /// range (so `1e3` or `2.0` from a client count as integers, `2.5` and
    /// `1e19` do not). Everything else is `nil`.
    public var intValue: Int64? {
        switch self {
        case .int(let value): return value
        case .double(let value):
            // Range check first, then an exact round trip; avoids `Int64(exactly:)`,
            // which needs libm's `trunc` at link time.
            guard value >= -0x1p63, value < 0x1p63 else { return nil }
            let integer = Int64(value)
            return Double(integer) == value ? integer : nil
        default: return nil
        }
    }

    /// The number this value holds, `.int` converted (rounded to nearest for
    /// magnitudes above 2^53).
    public var doubleValue: Double? {
        switch self {
        case .int(let value): return Double(value)
        case .double(let value): return value
        default: return nil
        }
    }

    public var boolValue: Bool? {
        guard case .bool(let value) = self else { return nil }
        return value
    }

    public var arrayValue: [JSONValue]? {
        guard case .array(let elements) = self else { return nil }
        return elements
    }

    public var objectValue: JSONObject? {
        guard case .object(let object) = self else { return nil }
        return object
    }

    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }
}
