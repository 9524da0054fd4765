extension JSONParser {
    /// Checks one JSON text by exactly the rules of ``parseDocument()`` —
    /// same grammar, UTF-8, escape, number and depth checks — without
    /// building a value: no strings, arrays or objects are allocated.
    /// Returns the first byte of the top-level value (`{` for an object).
    ///
    /// For proxies that only need to know a body is valid before passing
    /// its bytes on (see `JSONValidation`).
    mutating func skipDocument() throws(JSONParseError) -> UInt8 {
        skipWhitespace()
        guard position < bytes.count else { throw failure(.unexpectedEnd) }
        let first = bytes[position]
        try skipValue()
        skipWhitespace()
        guard position == bytes.count else { throw failure(.trailingData) }
        return first
    }

    mutating func skipValue() throws(JSONParseError) {
        guard position < bytes.count else { throw failure(.unexpectedEnd) }
        switch bytes[position] {
        case UInt8(ascii: "{"): try skipContainer(close: UInt8(ascii: "}"), members: true)
        case UInt8(ascii: "["): try skipContainer(close: UInt8(ascii: "]"), members: false)
        case UInt8(ascii: "\""): try skipString()
        case UInt8(ascii: "t"): try consumeLiteral("true")
        case UInt8(ascii: "f"): try consumeLiteral("false")
        case UInt8(ascii: "n"): try consumeLiteral("null")
        // Numbers are scalars: parsing one allocates nothing.
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): _ = try parseNumber()
        default: throw failure(.unexpectedCharacter)
        }
    }

    /// An array (`members: false`) or an object (`members: true`, each
    /// element a `string : value` member).
    private mutating func skipContainer(close: UInt8, members: Bool) throws(JSONParseError) {
        try enterContainer()
        position += 1
        skipWhitespace()
        if position < bytes.count, bytes[position] == close {
            position += 1
            depth -= 1
            return
        }
        while true {
            if members {
                guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw unexpected() }
                try skipString()
                skipWhitespace()
                guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { throw unexpected() }
                position += 1
                skipWhitespace()
            }
            try skipValue()
            skipWhitespace()
            guard position < bytes.count else { throw failure(.unexpectedEnd) }
            switch bytes[position] {
            case UInt8(ascii: ","):
                position += 1
                skipWhitespace()
            case close:
                position += 1
                depth -= 1
                return
            default:
                throw failure(.unexpectedCharacter)
            }
        }
    }

    /// A string token (`position` at its opening quote): the checks of
    /// ``parseString()``; escapes are decoded into `scratch` only to check
    /// them, and the scratch space is reused.
    private mutating func skipString() throws(JSONParseError) {
        var index = position + 1
        let end = bytes.count
        while true {
            index = JSONByteScan.firstSpecial(in: bytes, from: index)
            guard index < end else { break }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                position = index + 1
                return
            }
            if byte == UInt8(ascii: "\\") {
                scratch.removeAll(keepingCapacity: true)
                index = try decodeEscape(at: index)
                continue
            }
            if byte < 0x20 { throw failure(.controlCharacterInString, at: index) }
            index = try endOfUTF8Sequence(at: index)
        }
        throw failure(.unexpectedEnd, at: end)
    }
}
