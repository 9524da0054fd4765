extension JSONParser {
    /// Parses a string token; `position` is at the opening quote.
    ///
    /// RFC 8259 §7: `string = quotation-mark *char quotation-mark`, where an
    /// unescaped char is `%x20-21 / %x23-5B / %x5D-10FFFF`, so bytes below 0x20
    /// must be escaped. Non-ASCII bytes must be well-formed UTF-8 (§8.1).
    ///
    /// Fast path: a string without escapes is validated in place and turned
    /// into a `String` straight from the input slice. The first backslash
    /// switches to ``parseEscapedString(from:firstEscape:)``.
    mutating func parseString() throws(JSONParseError) -> String {
        let start = position + 1
        var index = start
        let end = bytes.count
        while true {
            index = JSONByteScan.firstSpecial(in: bytes, from: index)
            guard index < end else { break }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                position = index + 1
                return Self.makeString(UnsafeBufferPointer(rebasing: bytes[start..<index]))
            }
            if byte == UInt8(ascii: "\\") {
                return try parseEscapedString(from: start, firstEscape: index)
            }
            if byte < 0x20 { throw failure(.controlCharacterInString, at: index) }
            index = try endOfUTF8Sequence(at: index)
        }
        throw failure(.unexpectedEnd, at: end)
    }

    /// A `String` from UTF-8 this parser has already validated.
    ///
    /// The standard library re-checks it anyway (there is no public
    /// unchecked initializer); this initializer does so with ~20% fewer
    /// instructions than `String(decoding:as:)` for short strings.
    @inline(__always)
    static func makeString(_ utf8: UnsafeBufferPointer<UInt8>) -> String {
        String(unsafeUninitializedCapacity: utf8.count) { buffer in
            _ = buffer.initialize(fromContentsOf: utf8)
            return utf8.count
        }
    }

    /// Slow path for strings with escapes: copies unescaped runs and decoded
    /// escapes into the reusable `scratch` buffer.
    private mutating func parseEscapedString(from start: Int, firstEscape: Int) throws(JSONParseError) -> String {
        scratch.removeAll(keepingCapacity: true)
        var runStart = start
        var index = firstEscape
        let end = bytes.count
        while true {
            index = JSONByteScan.firstSpecial(in: bytes, from: index)
            guard index < end else { break }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                position = index + 1
                return scratch.withUnsafeBufferPointer(Self.makeString)
            }
            if byte == UInt8(ascii: "\\") {
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                index = try decodeEscape(at: index)
                runStart = index
                continue
            }
            if byte < 0x20 { throw failure(.controlCharacterInString, at: index) }
            index = try endOfUTF8Sequence(at: index)
        }
        throw failure(.unexpectedEnd, at: end)
    }

    /// Decodes the escape whose backslash is at `index` into `scratch` and
    /// returns the index after it.
    ///
    /// RFC 8259 §7: `escape ( %x22 / %x5C / %x2F / %x62 / %x66 / %x6E / %x72 / %x74 / %x75 4HEXDIG )`.
    /// A code point outside the BMP is a UTF-16 surrogate pair written as two
    /// `\u` escapes (high D800–DBFF, then low DC00–DFFF); a lone or reversed
    /// surrogate is rejected, since it cannot become a Unicode scalar (§8.2).
    mutating func decodeEscape(at index: Int) throws(JSONParseError) -> Int {
        guard index + 1 < bytes.count else { throw failure(.unexpectedEnd, at: bytes.count) }
        let decoded: UInt8
        switch bytes[index + 1] {
        case UInt8(ascii: "\""): decoded = 0x22
        case UInt8(ascii: "\\"): decoded = 0x5C
        case UInt8(ascii: "/"): decoded = 0x2F
        case UInt8(ascii: "b"): decoded = 0x08
        case UInt8(ascii: "f"): decoded = 0x0C
        case UInt8(ascii: "n"): decoded = 0x0A
        case UInt8(ascii: "r"): decoded = 0x0D
        case UInt8(ascii: "t"): decoded = 0x09
        case UInt8(ascii: "u"): return try decodeUnicodeEscape(at: index)
        default: throw failure(.invalidEscape, at: index)
        }
        scratch.append(decoded)
        return index + 2
    }

    private mutating func decodeUnicodeEscape(at index: Int) throws(JSONParseError) -> Int {
        let unit = try hexQuad(at: index + 2, escapeAt: index)
        switch unit {
        case 0xD800...0xDBFF:
            let low = index + 6
            try expectByte(UInt8(ascii: "\\"), at: low, surrogateAt: index)
            try expectByte(UInt8(ascii: "u"), at: low + 1, surrogateAt: index)
            let second = try hexQuad(at: low + 2, escapeAt: low)
            guard (0xDC00...0xDFFF).contains(second) else { throw failure(.invalidSurrogate, at: index) }
            appendUTF8(0x10000 + ((unit - 0xD800) << 10) + (second - 0xDC00))
            return low + 6
        case 0xDC00...0xDFFF:
            throw failure(.invalidSurrogate, at: index)
        default:
            appendUTF8(unit)
            return index + 6
        }
    }

    /// Requires `expected` at `offset`, as part of the low half of the pair starting at `escape`.
    private func expectByte(_ expected: UInt8, at offset: Int, surrogateAt escape: Int) throws(JSONParseError) {
        guard offset < bytes.count else { throw failure(.unexpectedEnd, at: bytes.count) }
        guard bytes[offset] == expected else { throw failure(.invalidSurrogate, at: escape) }
    }

    /// Reads the four hex digits of a `\u` escape starting at `index`.
    private func hexQuad(at index: Int, escapeAt escape: Int) throws(JSONParseError) -> UInt32 {
        var value: UInt32 = 0
        for offset in index..<(index + 4) {
            guard offset < bytes.count else { throw failure(.unexpectedEnd, at: bytes.count) }
            let byte = bytes[offset]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte &- UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte &- UInt8(ascii: "a") &+ 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte &- UInt8(ascii: "A") &+ 10
            default: throw failure(.invalidUnicodeEscape, at: escape)
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    /// Appends a Unicode scalar value (never a surrogate) as UTF-8 (RFC 3629 §3).
    private mutating func appendUTF8(_ scalar: UInt32) {
        switch scalar {
        case ..<0x80:
            scratch.append(UInt8(scalar))
        case ..<0x800:
            scratch.append(UInt8(0xC0 | scalar >> 6))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        case ..<0x10000:
            scratch.append(UInt8(0xE0 | scalar >> 12))
            scratch.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        default:
            scratch.append(UInt8(0xF0 | scalar >> 18))
            scratch.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            scratch.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        }
    }
}
