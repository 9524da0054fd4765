/// Why a request was rejected. Every case maps to the status to answer with;
/// after any of them the connection must be closed, because the framing of
/// what follows can no longer be trusted (RFC 9112 §9.6 and §11.2).
public enum HTTPParseError: Error, Sendable, Equatable {
    /// The request line is not `method SP request-target SP HTTP-version`
    /// (RFC 9112 §3).
    case invalidRequestLine
    /// The method is empty or has a non-`tchar` byte (RFC 9110 §9.1).
    case invalidMethod
    /// The request-target is empty or has a control byte, SP or a non-ASCII
    /// byte (RFC 9112 §3.2).
    case invalidTarget
    /// `HTTP/x.y` is well formed but not 1.0 or 1.1 (RFC 9110 §15.6.6 → 505).
    case unsupportedVersion
    /// Whitespace between the start-line and the first field (RFC 9112 §2.2).
    case whitespaceAfterStartLine
    /// A field line without a colon, or a name that is empty or has a
    /// non-`tchar` byte (RFC 9110 §5.1).
    case invalidHeaderName
    /// Whitespace between a field name and the colon (RFC 9112 §5.1).
    case whitespaceBeforeColon
    /// A field line starting with whitespace: obsolete line folding
    /// (RFC 9112 §5.2).
    case obsoleteLineFolding
    /// A field value with a control byte other than HTAB (RFC 9110 §5.5).
    case invalidHeaderValue
    /// HTTP/1.1 request without `Host` (RFC 9112 §3.2).
    case missingHost
    /// More than one `Host` field (RFC 9112 §3.2).
    case multipleHost
    /// `Content-Length` that is empty, not all digits or too large
    /// (RFC 9112 §6.3 item 5).
    case invalidContentLength
    /// Several `Content-Length` values that differ (RFC 9112 §6.3 item 5).
    case conflictingContentLength
    /// Both `Content-Length` and `Transfer-Encoding` (RFC 9112 §6.1).
    case contentLengthWithTransferEncoding
    /// `Transfer-Encoding` whose final coding is not `chunked`, or `chunked`
    /// applied twice (RFC 9112 §6.3 item 4, §7).
    case chunkedNotFinal
    /// `Transfer-Encoding` in an HTTP/1.0 request: its framing is faulty by
    /// definition (RFC 9112 §6.1).
    case transferEncodingInHTTP10
    /// A transfer coding other than `chunked` (for example `gzip, chunked`):
    /// understood syntax, not implemented (RFC 9112 §6.1 → 501).
    case unsupportedTransferEncoding
    /// A chunk-size that is not hex, overflows, or a malformed chunk
    /// extension (RFC 9112 §7.1, §7.1.1).
    case invalidChunkSize
    /// Chunk data not followed by CRLF (RFC 9112 §7.1).
    case invalidChunkTerminator
    /// The head (everything up to and including the empty line) is over
    /// `maxHeaderBytes` (RFC 6585 §5).
    case headerTooLarge
    /// More than `maxHeaderCount` fields (RFC 6585 §5).
    case tooManyHeaders
    /// The trailer section is over `maxHeaderBytes` (RFC 6585 §5).
    case trailersTooLarge
    /// The body is over the limit in force (RFC 9110 §15.5.14).
    case bodyTooLarge

    /// The response status to send before closing.
    public var status: Int {
        switch self {
        case .headerTooLarge, .tooManyHeaders, .trailersTooLarge: 431
        case .bodyTooLarge: 413
        case .unsupportedTransferEncoding: 501
        case .unsupportedVersion: 505
        default: 400
        }
    }

    /// A short human-readable reason, suitable for a log line or error body.
    public var reason: String {
        switch self {
        case .invalidRequestLine: "malformed request line"
        case .invalidMethod: "invalid method"
        case .invalidTarget: "invalid request target"
        case .unsupportedVersion: "HTTP version not supported"
        case .whitespaceAfterStartLine: "whitespace after request line"
        case .invalidHeaderName: "invalid header field name"
        case .whitespaceBeforeColon: "whitespace before colon in header field"
        case .obsoleteLineFolding: "obsolete line folding"
        case .invalidHeaderValue: "invalid header field value"
        case .missingHost: "missing Host header"
        case .multipleHost: "multiple Host headers"
        case .invalidContentLength: "invalid Content-Length"
        case .conflictingContentLength: "conflicting Content-Length values"
        case .contentLengthWithTransferEncoding: "both Content-Length and Transfer-Encoding"
        case .chunkedNotFinal: "chunked is not the only final transfer coding"
        case .transferEncodingInHTTP10: "Transfer-Encoding in an HTTP/1.0 request"
        case .unsupportedTransferEncoding: "unsupported transfer coding"
        case .invalidChunkSize: "invalid chunk size line"
        case .invalidChunkTerminator: "chunk data not followed by CRLF"
        case .headerTooLarge: "request header section too large"
        case .tooManyHeaders: "too many header fields"
        case .trailersTooLarge: "trailer section too large"
        case .bodyTooLarge: "request body too large"
        }
    }
}
