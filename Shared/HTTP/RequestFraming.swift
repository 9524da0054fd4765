/// How the body of a request is delimited (RFC 9112 §6.3).
enum BodyFraming: Sendable, Equatable {
    /// No `Content-Length` and no `Transfer-Encoding`: the body is empty
    /// (RFC 9112 §6.3 item 7).
    case none
    /// `Content-Length` (RFC 9112 §6.2).
    case length(Int)
    /// `Transfer-Encoding: chunked` (RFC 9112 §7.1).
    case chunked
}

/// Collects the fields that decide message framing while the head is parsed
/// (`Host`, `Content-Length`, `Transfer-Encoding`), comparing names and values
/// as bytes, then decides the `BodyFraming` once the head is complete.
struct RequestFraming: Sendable {
    private(set) var hostCount = 0
    private(set) var contentLength: Int?
    private var transferEncodingSeen = false
    private var chunkedCount = 0
    private var otherCodingCount = 0
    private var lastCodingIsChunked = false

    /// Looks at one field; `name` and `value` are index ranges into `bytes`,
    /// the value already trimmed of OWS.
    mutating func note(
        _ bytes: UnsafeBufferPointer<UInt8>,
        name: (start: Int, end: Int), value: (start: Int, end: Int)
    ) throws(HTTPParseError) {
        switch name.end - name.start {
        case 4 where ASCII.equalsLowercase(bytes, name.start, name.end, "host"):
            hostCount += 1
        case 14 where ASCII.equalsLowercase(bytes, name.start, name.end, "content-length"):
            try noteContentLength(bytes, value.start, value.end)
        case 17 where ASCII.equalsLowercase(bytes, name.start, name.end, "transfer-encoding"):
            noteTransferEncoding(bytes, value.start, value.end)
        default:
            break
        }
    }

    /// `Content-Length = 1*DIGIT` (RFC 9112 §6.2). A comma list of identical
    /// values, or the same value repeated in several fields, is accepted as
    /// one value; anything else is invalid (RFC 9112 §6.3 item 5).
    private mutating func noteContentLength(
        _ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int
    ) throws(HTTPParseError) {
        var index = start
        repeat {
            var elementStart = index
            while index < end, bytes[index] != ASCII.comma { index += 1 }
            var elementEnd = index
            index += 1
            while elementStart < elementEnd, ASCII.isWhitespace(bytes[elementStart]) { elementStart += 1 }
            while elementEnd > elementStart, ASCII.isWhitespace(bytes[elementEnd - 1]) { elementEnd -= 1 }
            guard elementStart < elementEnd else { throw .invalidContentLength }
            var length = 0
            for position in elementStart..<elementEnd {
                let digit = bytes[position] &- 0x30
                guard digit < 10 else { throw .invalidContentLength }
                let (times10, overflow1) = length.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = times10.addingReportingOverflow(Int(digit))
                guard !overflow1, !overflow2 else { throw .invalidContentLength }
                length = sum
            }
            if let previous = contentLength, previous != length { throw .conflictingContentLength }
            contentLength = length
        } while index <= end
    }

    /// `Transfer-Encoding` is a list of codings (RFC 9112 §6.1); several
    /// fields concatenate into one list (RFC 9110 §5.3).
    private mutating func noteTransferEncoding(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) {
        transferEncodingSeen = true
        var index = start
        while index < end {
            var elementStart = index
            while index < end, bytes[index] != ASCII.comma { index += 1 }
            var elementEnd = index
            index += 1
            while elementStart < elementEnd, ASCII.isWhitespace(bytes[elementStart]) { elementStart += 1 }
            while elementEnd > elementStart, ASCII.isWhitespace(bytes[elementEnd - 1]) { elementEnd -= 1 }
            guard elementStart < elementEnd else { continue }  // empty list element (RFC 9110 §5.6.1)
            if ASCII.equalsLowercase(bytes, elementStart, elementEnd, "chunked") {
                chunkedCount += 1
                lastCodingIsChunked = true
            } else {
                otherCodingCount += 1
                lastCodingIsChunked = false
            }
        }
    }

    /// Decides the framing for a complete head (RFC 9112 §6.3), also
    /// enforcing the `Host` rules of RFC 9112 §3.2.
    ///
    /// Transfer-Encoding policy: only exactly `chunked` is implemented. A list
    /// whose final coding is not `chunked` (or `chunked` twice) cannot be
    /// framed → 400 (§6.3 item 4); `chunked` after other codings such as
    /// `gzip, chunked` is well framed but unsupported → 501 (§6.1).
    func bodyFraming(versionMinor: Int) throws(HTTPParseError) -> BodyFraming {
        if hostCount > 1 { throw .multipleHost }
        if hostCount == 0 && versionMinor >= 1 { throw .missingHost }
        if transferEncodingSeen {
            if contentLength != nil { throw .contentLengthWithTransferEncoding }
            if versionMinor == 0 { throw .transferEncodingInHTTP10 }
            if !lastCodingIsChunked || chunkedCount > 1 { throw .chunkedNotFinal }
            if otherCodingCount > 0 { throw .unsupportedTransferEncoding }
            return .chunked
        }
        if let contentLength, contentLength > 0 { return .length(contentLength) }
        return .none
    }
}
