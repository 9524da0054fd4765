/// Byte-level helpers shared by the parser, the headers type and the router.
///
/// Everything here works on raw `UInt8` so the hot paths never build a
/// `String` just to compare it. Only ASCII case folding is done: field names
/// and the tokens HTTP compares case-insensitively are ASCII by grammar
/// (RFC 9110 §5.1, §5.6.2).
enum ASCII {
    static let tab: UInt8 = 0x09
    static let lf: UInt8 = 0x0A
    static let cr: UInt8 = 0x0D
    static let space: UInt8 = 0x20
    static let quote: UInt8 = 0x22
    static let percent: UInt8 = 0x25
    static let plus: UInt8 = 0x2B
    static let comma: UInt8 = 0x2C
    static let slash: UInt8 = 0x2F
    static let colon: UInt8 = 0x3A
    static let semicolon: UInt8 = 0x3B
    static let equals: UInt8 = 0x3D
    static let question: UInt8 = 0x3F
    static let backslash: UInt8 = 0x5C

    /// `tchar` (RFC 9110 §5.6.2) as two 64-bit masks:
    /// `!#$%&'*+-.^_`|~`, DIGIT and ALPHA.
    private static let tokenMaskLow: UInt64 = 0x03FF_6CFA_0000_0000
    private static let tokenMaskHigh: UInt64 = 0x57FF_FFFF_C7FF_FFFE

    /// Whether `byte` may appear in a token (method, field name, coding name).
    @inline(__always)
    static func isTokenChar(_ byte: UInt8) -> Bool {
        let quarter = byte &>> 6  // selects the mask without branches
        let mask = quarter == 0 ? tokenMaskLow : (quarter == 1 ? tokenMaskHigh : 0)
        return (mask &>> UInt64(byte & 63)) & 1 == 1
    }

    /// Whether `byte` may appear in a field value: HTAB, SP, VCHAR or obs-text
    /// (RFC 9110 §5.5). NUL, CR, LF, the other C0 controls and DEL may not.
    @inline(__always)
    static func isFieldValueChar(_ byte: UInt8) -> Bool {
        byte < 0x20 ? byte == tab : byte != 0x7F
    }

    /// Optional whitespace, `OWS = *( SP / HTAB )` (RFC 9110 §5.6.3).
    @inline(__always)
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == space || byte == tab
    }

    /// ASCII `A`-`Z` to `a`-`z`; every other byte unchanged, so no
    /// non-letter can alias a letter.
    @inline(__always)
    static func lowercased(_ byte: UInt8) -> UInt8 {
        byte &- 0x41 < 26 ? byte | 0x20 : byte
    }

    /// Value of a hexadecimal digit, or `nil`.
    @inline(__always)
    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: return byte &- 0x30
        case 0x41...0x46: return byte &- 0x37
        case 0x61...0x66: return byte &- 0x57
        default: return nil
        }
    }

    /// Case-insensitive comparison of `bytes[range]` with a lowercase ASCII
    /// literal.
    @inline(__always)
    static func equalsLowercase(
        _ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, _ lowercase: StaticString
    ) -> Bool {
        let count = lowercase.utf8CodeUnitCount
        guard end - start == count else { return false }
        let literal = lowercase.utf8Start
        for offset in 0..<count where lowercased(bytes[start + offset]) != literal[offset] {
            return false
        }
        return true
    }

    /// Case-insensitive ASCII comparison of `a[aStart..<aEnd]` and
    /// `b[bStart..<bEnd]`.
    @inline(__always)
    static func equalsIgnoringCase(
        _ a: UnsafeBufferPointer<UInt8>, _ aStart: Int, _ aEnd: Int,
        _ b: UnsafeBufferPointer<UInt8>, _ bStart: Int, _ bEnd: Int
    ) -> Bool {
        guard aEnd - aStart == bEnd - bStart else { return false }
        var offset = 0
        while offset < aEnd - aStart {
            let x = a[aStart + offset]
            let y = b[bStart + offset]
            if x != y && lowercased(x) != lowercased(y) { return false }
            offset += 1
        }
        return true
    }

    /// Exact comparison of `a[aStart..<aEnd]` and `b[bStart..<bEnd]`.
    @inline(__always)
    static func equals(
        _ a: UnsafeBufferPointer<UInt8>, _ aStart: Int, _ aEnd: Int,
        _ b: UnsafeBufferPointer<UInt8>, _ bStart: Int, _ bEnd: Int
    ) -> Bool {
        guard aEnd - aStart == bEnd - bStart else { return false }
        var offset = 0
        while offset < aEnd - aStart {
            if a[aStart + offset] != b[bStart + offset] { return false }
            offset += 1
        }
        return true
    }

    /// Makes a `String` from bytes already known to be ASCII or tolerable
    /// UTF-8; invalid sequences (obs-text) become U+FFFD.
    @inline(__always)
    static func string(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }
}
