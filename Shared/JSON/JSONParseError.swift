/// Why a byte sequence is not a JSON text, and where the parser noticed it.
///
/// `offset` is the zero-based index into the input of the byte that made the
/// input invalid (for truncated input: the input's length). Reasons are a
/// closed set so callers and tests can tell failures apart without string
/// matching; `description` gives the short human form used in logs.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Reason: Sendable, Equatable {
        /// The input ended inside a value (or was empty / only whitespace).
        case unexpectedEnd
        /// A byte that cannot start or continue the current production.
        case unexpectedCharacter
        /// A complete value was followed by something other than whitespace (RFC 8259 §2).
        case trailingData
        /// Number grammar violation: leading zero, lone `-`, missing digits (RFC 8259 §6).
        case invalidNumber
        /// A number whose magnitude does not fit in a `Double` (RFC 8259 §6 allows the limit).
        case numberOutOfRange
        /// An unescaped byte below 0x20 inside a string (RFC 8259 §7).
        case controlCharacterInString
        /// A backslash followed by something other than the eight escapes of RFC 8259 §7.
        case invalidEscape
        /// `\u` not followed by four hex digits.
        case invalidUnicodeEscape
        /// A `\u` surrogate without its partner, or a pair in the wrong order (RFC 8259 §7, §8.2).
        case invalidSurrogate
        /// Bytes inside a string that are not well-formed UTF-8 (RFC 8259 §8.1, RFC 3629 §4).
        case invalidUTF8
        /// More than `JSONValue.maximumNestingDepth` nested arrays/objects (RFC 8259 §9).
        case nestingTooDeep
    }

    public var offset: Int
    public var reason: Reason

    public init(offset: Int, reason: Reason) {
        self.offset = offset
        self.reason = reason
    }

    public var description: String { "invalid JSON at byte \(offset): \(reason)" }
}
