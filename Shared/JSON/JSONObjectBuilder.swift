/// Collects an object's members while parsing and resolves duplicate names.
///
/// RFC 8259 §4 says names SHOULD be unique and leaves duplicates to the
/// implementation. We keep the member at its **first position** with the
/// **last value**. Names are compared code unit by code unit, as §8.3
/// recommends (so precomposed "é" and "e" + U+0301 are different names).
///
/// Small objects are checked with a linear scan; past ``linearScanLimit``
/// members a hash index is built, so an object with 100 000 members (or
/// 100 000 repeats of one name) still parses in linear time. Replaced values
/// are recorded and applied in one pass by ``build()``.
struct JSONObjectBuilder {
    static let linearScanLimit = 8

    private var object = JSONObject()
    private var positions: [UTF8Key: Int] = [:]
    private var replacements: [Int: JSONValue] = [:]

    mutating func add(_ key: String, _ value: JSONValue) {
        if let position = position(of: key) {
            replacements[position] = value
            return
        }
        if object.count >= Self.linearScanLimit {
            if positions.isEmpty {
                for (position, member) in object.members.enumerated() {
                    positions[UTF8Key(member.key)] = position
                }
            }
            positions[UTF8Key(key)] = object.count
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
        if object.count > Self.linearScanLimit { return positions[UTF8Key(key)] }
        let keyCount = key.utf8.count
        for (position, member) in object.members.enumerated()
        where member.key.utf8.count == keyCount && UTF8Key.sameBytes(member.key, key) {
            return position
        }
        return nil
    }
}

/// A `String` hashed and compared by its UTF-8 bytes rather than by Unicode
/// canonical equivalence (which is what `String`'s own `==` and hash use).
struct UTF8Key: Hashable {
    let string: String

    init(_ string: String) { self.string = string }

    static func == (lhs: UTF8Key, rhs: UTF8Key) -> Bool {
        lhs.string.utf8.count == rhs.string.utf8.count && sameBytes(lhs.string, rhs.string)
    }

    /// Byte equality. `String.==` is a fast `memcmp` for ASCII (always NFC)
    /// and never false for equal bytes, so it rejects most candidates cheaply;
    /// only a `true` (a real duplicate, or canonically equivalent text) is
    /// confirmed byte by byte.
    static func sameBytes(_ lhs: String, _ rhs: String) -> Bool {
        lhs == rhs && lhs.utf8.elementsEqual(rhs.utf8)
    }

    func hash(into hasher: inout Hasher) {
        var copy = string
        copy.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}
