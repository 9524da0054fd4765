/// Parses one chunk-size line of the chunked coding, without its line
/// terminator (RFC 9112 §7.1, §7.1.1):
///
/// ```
/// chunk-size = 1*HEXDIG
/// chunk-ext  = *( BWS ";" BWS chunk-ext-name [ BWS "=" BWS chunk-ext-val ] )
/// chunk-ext-val = token / quoted-string
/// ```
///
/// Extensions are validated and ignored (RFC 9112 §7.1.1: a recipient MUST
/// ignore unrecognized extensions). Leading or trailing whitespace not
/// followed by `;` is rejected: lenient chunk-size parsing is a classic
/// request-smuggling vector.
enum ChunkSizeLine {
    /// Longest chunk-size line (size plus extensions) accepted; longer lines
    /// are rejected rather than buffered without bound.
    static let maxBytes = 4096

    /// The chunk size encoded in `bytes[start..<end]`.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) throws(HTTPParseError) -> Int {
        var index = start
        var size = 0
        while index < end, let digit = ASCII.hexValue(bytes[index]) {
            guard size <= Int.max >> 4 else { throw .invalidChunkSize }
            size = size << 4 | Int(digit)
            index += 1
        }
        guard index > start else { throw .invalidChunkSize }
        try validateExtensions(bytes, index, end)
        return size
    }

    private static func validateExtensions(
        _ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int
    ) throws(HTTPParseError) {
        var index = start
        func skipWhitespace() { while index < end, ASCII.isWhitespace(bytes[index]) { index += 1 } }
        func token() throws(HTTPParseError) {
            let tokenStart = index
            while index < end, ASCII.isTokenChar(bytes[index]) { index += 1 }
            guard index > tokenStart else { throw .invalidChunkSize }
        }

        /// `quoted-string = DQUOTE *( qdtext / quoted-pair ) DQUOTE` (RFC 9110 §5.6.4).
        func quotedString() throws(HTTPParseError) {
            index += 1
            while index < end {
                let byte = bytes[index]
                if byte == ASCII.quote {
                    index += 1
                    return
                }
                if byte == ASCII.backslash { index += 1 }
                guard index < end, ASCII.isFieldValueChar(bytes[index]) else { throw .invalidChunkSize }
                index += 1
            }
            throw .invalidChunkSize
        }

        while index < end {
            skipWhitespace()
            guard index < end, bytes[index] == ASCII.semicolon else { throw .invalidChunkSize }
            index += 1
            skipWhitespace()
            try token()
            skipWhitespace()
            guard index < end, bytes[index] == ASCII.equals else { continue }
            index += 1
            skipWhitespace()
            if index < end, bytes[index] == ASCII.quote {
                try quotedString()
            } else {
                try token()
            }
        }
    }
}
