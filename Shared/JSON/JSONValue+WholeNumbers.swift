extension JSONValue {
    /// This value with every number that is a whole number in `Int64` range
    /// as `.int`, however it was spelt: `5.0`, `5e0` and `500e-2` are the
    /// integer 5.
    ///
    /// RFC 8259 §6 has one number type, and JSON Schema's `integer` is "a
    /// number with a zero fractional part" (draft 2020-12 validation §6.1.1),
    /// so a client — or a JavaScript server it replaces — may write any of
    /// these spellings for a count or an id. The parser keeps the spelling's
    /// distinction (`.int` only for plain digits); this is for the places
    /// that read integers out of a request. `1.5`, `1e300`, numbers that
    /// reach ±2^63 (where a Double can no longer tell an out-of-range integer
    /// from an in-range one) and non-numbers are unchanged.
    public var wholeNumbersAsInts: JSONValue { WholeNumbers.normalized(self) ?? self }
}

extension JSONObject {
    /// The object with `JSONValue.wholeNumbersAsInts` applied to every member.
    public var wholeNumbersAsInts: JSONObject { WholeNumbers.normalized(self) ?? self }
}

/// Rebuilds a container only when something in it changes, so a large body
/// without whole-number doubles (a chat log) is walked but not copied.
enum WholeNumbers {
    static func normalized(_ value: JSONValue) -> JSONValue? {
        switch value {
        case .double(let number):
            // Open at both ends: a plain integer token past Int64 parses as
            // the nearest Double, and -9223372036854775809 rounds to exactly
            // -2^63, which must not pass for Int64.min.
            guard number > -0x1p63, number < 0x1p63, let integer = value.intValue else { return nil }
            return .int(integer)
        case .array(let items):
            var copy: [JSONValue]?
            for (index, item) in items.enumerated() {
                guard let changed = normalized(item) else { continue }
                if copy == nil { copy = items }
                copy![index] = changed
            }
            return copy.map(JSONValue.array)
        case .object(let object):
            return normalized(object).map(JSONValue.object)
        default:
            return nil
        }
    }

    static func normalized(_ object: JSONObject) -> JSONObject? {
        var changedAny = false
        var values: [JSONValue?] = []
        for (index, member) in object.members.enumerated() {
            guard let changed = normalized(member.value) else { continue }
            if !changedAny {
                values = Array(repeating: nil, count: object.count)
                changedAny = true
            }
            values[index] = changed
        }
        guard changedAny else { return nil }
        var rebuilt = JSONObject()
        rebuilt.reserveCapacity(object.count)
        for (index, member) in object.members.enumerated() { rebuilt.append(member.key, values[index] ?? member.value) }
        return rebuilt
    }
}
