/// A strict RFC 8259 parser over a contiguous byte buffer.
///
/// Recursive descent with index arithmetic on an `UnsafeBufferPointer`: no
/// intermediate tokens, no per-character `String` appends. Nesting is counted
/// and capped at ``maximumDepth`` (RFC 8259 §9 lets a parser limit depth), so
/// hostile input such as `[[[[…` fails with an error instead of overflowing the
/// stack.
///
/// The value grammar lives here; numbers, strings and UTF-8 checks are in the
/// `JSONParser+…` files. Callers go through `JSONValue.parse(_:)`.
struct JSONParser {
    /// Deepest nesting of arrays/objects accepted; 512 nested `[` parse, 513 do not.
    static let maximumDepth = 512

    let bytes: UnsafeBufferPointer<UInt8>
    /// Index of the next unread byte.
    var position = 0
    /// Number of arrays/objects currently open.
    var depth = 0
    /// Reused across strings that contain escapes, so only the final `String` allocates.
    var scratch: [UInt8] = []

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// Parses exactly one JSON text: `ws value ws` and nothing after it (RFC 8259 §2).
    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        skipWhitespace()
        let value = try parseValue()
        skipWhitespace()
        guard position == bytes.count else { throw failure(.trailingData) }
        return value
    }

    func failure(_ reason: JSONParseError.Reason, at offset: Int? = nil) -> JSONParseError {
        JSONParseError(offset: offset ?? position, reason: reason)
    }

    /// The failure for a byte that cannot continue the current production:
    /// running out of input is `unexpectedEnd`, anything else `unexpectedCharacter`.
    func unexpected() -> JSONParseError {
        failure(position < bytes.count ? .unexpectedCharacter : .unexpectedEnd)
    }

    /// RFC 8259 §2: `ws = *( %x20 / %x09 / %x0A / %x0D )`.
    @inline(__always)
    mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    /// RFC 8259 §3: `value = false / null / true / object / array / number / string`.
    mutating func parseValue() throws(JSONParseError) -> JSONValue {
        guard position < bytes.count else { throw failure(.unexpectedEnd) }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try consumeLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try consumeLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try consumeLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw failure(.unexpectedCharacter)
        }
    }

    /// The three literal names are lowercase only (RFC 8259 §3).
    mutating func consumeLiteral(_ literal: StaticString) throws(JSONParseError) {
        let count = literal.utf8CodeUnitCount
        let expected = UnsafeBufferPointer(start: literal.utf8Start, count: count)
        for offset in 0..<count {
            guard position < bytes.count, bytes[position] == expected[offset] else { throw unexpected() }
            position += 1
        }
    }

    /// Counts one more open container; RFC 8259 §9 permits the limit.
    @inline(__always)
    mutating func enterContainer() throws(JSONParseError) {
        depth += 1
        guard depth <= Self.maximumDepth else { throw failure(.nestingTooDeep) }
    }

    /// RFC 8259 §5: `array = begin-array [ value *( value-separator value ) ] end-array`.
    private mutating func parseArray() throws(JSONParseError) -> JSONValue {
        try enterContainer()
        position += 1
        skipWhitespace()
        var elements: [JSONValue] = []
        if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
            position += 1
            depth -= 1
            return .array(elements)
        }
        // Arrays grow 1, 2, 4, …; starting at 4 saves two reallocations for short lists.
        elements.reserveCapacity(4)
        while true {
            elements.append(try parseValue())
            skipWhitespace()
            guard position < bytes.count else { throw failure(.unexpectedEnd) }
            switch bytes[position] {
            case UInt8(ascii: ","):
                position += 1
                skipWhitespace()
            case UInt8(ascii: "]"):
                position += 1
                depth -= 1
                return .array(elements)
            default:
                throw failure(.unexpectedCharacter)
            }
        }
    }

    /// RFC 8259 §4: `object = begin-object [ member *( value-separator member ) ] end-object`,
    /// `member = string name-separator value`. Duplicate names: see ``JSONObjectBuilder``.
    private mutating func parseObject() throws(JSONParseError) -> JSONValue {
        try enterContainer()
        position += 1
        skipWhitespace()
        var builder = JSONObjectBuilder()
        if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
            position += 1
            depth -= 1
            return .object(builder.build())
        }
        while true {
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw unexpected() }
            let key = try parseString()
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { throw unexpected() }
            position += 1
            skipWhitespace()
            builder.add(key, try parseValue())
            skipWhitespace()
            guard position < bytes.count else { throw failure(.unexpectedEnd) }
            switch bytes[position] {
            case UInt8(ascii: ","):
                position += 1
                skipWhitespace()
            case UInt8(ascii: "}"):
                position += 1
                depth -= 1
                return .object(builder.build())
            default:
                throw failure(.unexpectedCharacter)
            }
        }
    }
}
