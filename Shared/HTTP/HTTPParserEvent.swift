/// What `HTTPRequestParser.next()` produces. Each request yields exactly one
/// `.head`, then exactly one `.complete` once its whole body is buffered.
public enum HTTPParserEvent: Sendable, Equatable {
    /// The request line and fields are in; the body (if any) is not yet.
    case head(HTTPRequestHead)
    /// The body is complete (empty when the request has none). The parser is
    /// now at the start of the next request.
    case complete(body: [UInt8])
}
