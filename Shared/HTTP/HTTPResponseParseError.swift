/// Why a response head was rejected. After any of them the connection is
/// unusable: what follows cannot be framed (RFC 9112 §11.2).
public enum HTTPResponseParseError: Error, Sendable, Equatable {
    /// Not `HTTP-version SP 3DIGIT [SP reason-phrase]` (RFC 9112 §4).
    case invalidStatusLine
    /// A well-formed version other than HTTP/1.x (or libcurl's `HTTP/2`,
    /// `HTTP/3` renderings) (RFC 9112 §2.3).
    case unsupportedVersion
    /// A field line without a colon or with a non-token name (RFC 9110 §5.1).
    case invalidHeaderName
    /// Whitespace between a field name and its colon (RFC 9112 §5.1).
    case whitespaceBeforeColon
    /// A field line starting with whitespace: obsolete line folding, which a
    /// user agent may reject (RFC 9112 §5.2), or whitespace right after the
    /// status line (RFC 9112 §2.2).
    case obsoleteLineFolding
    /// A control byte other than HTAB in a field value (RFC 9110 §5.5).
    case invalidHeaderValue
    /// The head is over the configured byte limit.
    case headerTooLarge
    /// More fields than the configured limit.
    case tooManyHeaders

    /// A short human-readable reason for logs and error messages.
    public var reason: String {
        switch self {
        case .invalidStatusLine: "malformed status line"
        case .unsupportedVersion: "HTTP version not supported"
        case .invalidHeaderName: "invalid header field name"
        case .whitespaceBeforeColon: "whitespace before colon in header field"
        case .obsoleteLineFolding: "obsolete line folding"
        case .invalidHeaderValue: "invalid header field value"
        case .headerTooLarge: "response header section too large"
        case .tooManyHeaders: "too many header fields"
        }
    }
}
