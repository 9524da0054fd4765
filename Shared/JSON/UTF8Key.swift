/// A `String` hashed and compared by its UTF-8 bytes rather than by Unicode
/// canonical equivalence (which is what `String`'s own `==` and hash use).
struct UTF8Key: Hashable {
    let string: String

    init(_ string: String) { self.string = string }

    static func == (lhs: UTF8Key, rhs: UTF8Key) -> Bool {
        sameBytes(lhs.string, rhs.string)
    }

    /// Byte equality. `String.==` is a fast `memcmp` for ASCII (always NFC)
    /// and never false for equal bytes, so it rejects most candidates cheaply;
    /// only a `true` (a real duplicate, or canonically equivalent text) is
    /// confirmed byte by byte.
    static func sameBytes(_ lhs: String, _ rhs: String) -> Bool {
        lhs.utf8.count == rhs.utf8.count && lhs == rhs && lhs.utf8.elementsEqual(rhs.utf8)
    }

    func hash(into hasher: inout Hasher) {
        var copy = string
        copy.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}
