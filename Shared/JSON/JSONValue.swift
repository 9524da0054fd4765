/// A JSON document as a value (RFC 8259).
///
/// Objects keep their members in insertion order, so responses come out with
/// keys in exactly the order the API documents them. Numbers keep the
/// distinction the API needs: an integer literal that fits in `Int64` is
/// `.int`; anything with a fraction, an exponent or out of range is `.double`.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)
}

/// An ordered JSON object. Lookups are linear: API objects have a handful of
/// members, where a scan beats hashing.
public struct JSONObject: Sendable, Equatable, ExpressibleByDictionaryLiteral {
    public private(set) var members: [(key: String, value: JSONValue)]

    public init() { members = [] }

    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        members = []
        members.reserveCapacity(elements.count)
        for (key, value) in elements { self[key] = value }
    }

    public var count: Int { members.count }

    /// Room for `capacity` members, so builders avoid regrowing 1→2→4→8.
    public mutating func reserveCapacity(_ capacity: Int) { members.reserveCapacity(capacity) }
    public var keys: [String] { members.map(\.key) }

    /// Setting a key that exists replaces its value in place (order kept);
    /// setting `nil` removes it.
    public subscript(key: String) -> JSONValue? {
        get {
            for member in members where member.key == key { return member.value }
            return nil
        }
        set {
            if let index = members.firstIndex(where: { $0.key == key }) {
                if let newValue { members[index].value = newValue } else { members.remove(at: index) }
            } else if let newValue {
                members.append((key, newValue))
            }
        }
    }

    /// Appends without checking for an existing key; for builders that know
    /// their keys are distinct.
    public mutating func append(_ key: String, _ value: JSONValue) {
        members.append((key, value))
    }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.members.count == rhs.members.count else { return false }
        for (l, r) in zip(lhs.members, rhs.members) where l.key != r.key || l.value != r.value {
            return false
        }
        return true
    }
}
