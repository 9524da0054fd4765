/// Why a CSV text was refused, and on which line (1-based, counting every
/// line break, also those inside quoted fields), so an import can say
/// "line 12: …".
public struct CSVParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// A quoted field still open at the end of the input.
        case unterminatedQuote
        /// Something other than `,` or a line break right after a closing
        /// quote (RFC 4180 §2.7: a quote inside a quoted field is doubled).
        case characterAfterQuote
        /// A quote inside an unquoted field (RFC 4180 §2.5).
        case quoteInUnquotedField
        case fieldTooLong(limit: Int)
        case tooManyFields(limit: Int)
        case invalidUTF8
    }

    public let kind: Kind
    public let line: Int

    public init(_ kind: Kind, line: Int) {
        self.kind = kind
        self.line = line
    }

    public var message: String {
        switch kind {
        case .unterminatedQuote: "unterminated quoted field"
        case .characterAfterQuote: "unexpected character after a closing quote"
        case .quoteInUnquotedField: "a quote inside an unquoted field (quote the field and double the quote)"
        case .fieldTooLong(let limit): "field longer than \(limit) bytes"
        case .tooManyFields(let limit): "more than \(limit) fields"
        case .invalidUTF8: "not valid UTF-8"
        }
    }

    public var description: String { "line \(line): \(message)" }
}
