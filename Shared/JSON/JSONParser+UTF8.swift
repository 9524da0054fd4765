extension JSONParser {
    /// Checks the multi-byte UTF-8 sequence whose lead byte (≥ 0x80) is at
    /// `index` and returns the index just past it.
    ///
    /// RFC 3629 §4 (`UTF8-2 / UTF8-3 / UTF8-4`): rejects stray continuation
    /// bytes, overlong forms (C0, C1, E0 80–9F, F0 80–8F), encoded surrogates
    /// (ED A0–BF) and anything above U+10FFFF (F4 90+, F5–FF), as well as
    /// truncated sequences. The error offset is the lead byte's.
    func endOfUTF8Sequence(at index: Int) throws(JSONParseError) -> Int {
        let lead = bytes[index]
        let length: Int
        var secondRange: ClosedRange<UInt8> = 0x80...0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; secondRange = 0xA0...0xBF
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; secondRange = 0x80...0x9F
        case 0xF0: length = 4; secondRange = 0x90...0xBF
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; secondRange = 0x80...0x8F
        default: throw failure(.invalidUTF8, at: index)
        }
        guard index + length <= bytes.count else { throw failure(.invalidUTF8, at: index) }
        guard secondRange.contains(bytes[index + 1]) else { throw failure(.invalidUTF8, at: index) }
        var offset = index + 2
        while offset < index + length {
            guard bytes[offset] & 0xC0 == 0x80 else { throw failure(.invalidUTF8, at: index) }
            offset += 1
        }
        return offset
    }
}
