/// One `field-line = field-name ":" OWS field-value OWS` (RFC 9112 §5),
/// located as index ranges in the receive buffer, validated, not yet copied.
struct FieldLine {
    var nameStart: Int
    var nameEnd: Int
    var valueStart: Int
    var valueEnd: Int

    /// Validates the line `bytes[start..<end]` (non-empty, terminator
    /// stripped). `isFirst` tells whether it directly follows the start-line;
    /// `hasControlBytes` whether the line scan saw a control byte other than
    /// HTAB (when it did not, the value needs no byte-by-byte check).
    ///
    /// - A line starting with SP/HTAB is obs-fold (RFC 9112 §5.2), or, right
    ///   after the start-line, whitespace the recipient must reject
    ///   (RFC 9112 §2.2); both → 400.
    /// - No whitespace is allowed between name and colon (RFC 9112 §5.1 →
    ///   400).
    /// - The name is a non-empty token (RFC 9110 §5.1); the value may hold
    ///   HTAB, SP, VCHAR and obs-text but no other control byte (RFC 9110
    ///   §5.5), which also rejects a bare CR (RFC 9112 §2.2).
    @inline(__always)
    init(
        _ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, isFirst: Bool, hasControlBytes: Bool
    ) throws(HTTPParseError) {
        if ASCII.isWhitespace(bytes[start]) {
            throw isFirst ? .whitespaceAfterStartLine : .obsoleteLineFolding
        }
        var index = start
        while true {
            guard index < end else { throw .invalidHeaderName }
            let byte = bytes[index]
            if byte == ASCII.colon { break }
            guard ASCII.isTokenChar(byte) else {
                while index < end, ASCII.isWhitespace(bytes[index]) { index += 1 }
                throw index < end && bytes[index] == ASCII.colon ? .whitespaceBeforeColon : .invalidHeaderName
            }
            index += 1
        }
        guard index > start else { throw .invalidHeaderName }
        nameStart = start
        nameEnd = index
        index += 1
        while index < end, ASCII.isWhitespace(bytes[index]) { index += 1 }
        var last = end
        while last > index, ASCII.isWhitespace(bytes[last - 1]) { last -= 1 }
        valueStart = index
        valueEnd = last
        while hasControlBytes, index < last {
            guard ASCII.isFieldValueChar(bytes[index]) else { throw .invalidHeaderValue }
            index += 1
        }
    }
}
