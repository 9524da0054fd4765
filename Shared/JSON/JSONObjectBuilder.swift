/// Collects an object's members while parsing and resolves duplicate names.
///
/// RFC 8259 §4 says names SHOULD be unique and leaves duplicates to the
/// implementation. We keep the member at its **first position** with the
/// **last value**. Names are compared code unit by code unit, as §8.3
/// recommends (so precomposed "é" and "e" + U+0301 are different names).
///
/// Up to ``linearScanLimit`` members a name is checked with a linear scan
/// (length first, then bytes) — cheaper than hashing for typical API
/// objects. Past that a hash index is built, so an object with 100 000
/// members (or 100 000 repeats of one name) still parses in linear time.
/// Replaced values are recorded and applied in one pass by ``build()``.
struct JSONObjectBuilder {
    static let linearScanLimit = 32

    private var object = JSONObject()
    private var positions: [UTF8Key: Int] = [:]
    private var replacements: [Int: JSONValue] = [:]

    /// Nothing is reserved up front: an empty object must cost no member
    /// storage, or `[{},{},…]` would allocate a hundred times its size
    /// (members grow as they are added, amortised).
    init() {}

    mutating func add(_ key: String, _ value: JSONValue) {
        if let position = position(of: key) {
            replacements[position] = value
            return
        }
        let count = object.count
        if count >= Self.linearScanLimit {
            if positions.isEmpty {
                for (position, member) in object.members.enumerated() {
                    positions[UTF8Key(member.key)] = position
                }
            }
            positions[UTF8Key(key)] = count
        }
        object.append(key, value)
    }

    func build() -> JSONObject {
        guard !replacements.isEmpty else { return object }
        var rebuilt = JSONObject()
        for (position, member) in object.members.enumerated() {
            rebuilt.append(member.key, replacements[position] ?? member.value)
        }
        return rebuilt
    }

    private func position(of key: String) -> Int? {
        let count = object.count
        if count > Self.linearScanLimit { return positions[UTF8Key(key)] }
        let keyCount = key.utf8.count
        return object.members.withUnsafeBufferPointer { members in
            for position in 0..<count where members[position].key.utf8.count == keyCount {
                if UTF8Key.sameBytes(members[position].key, key) { return position }
            }
            return nil
        }
    }
}
