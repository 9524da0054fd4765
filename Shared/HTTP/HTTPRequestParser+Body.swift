extension HTTPRequestParser {
    /// A `Content-Length` body (RFC 9112 §6.2). The limit is checked before
    /// any body byte is needed, so an oversized declaration fails at once;
    /// the bytes stay in the receive buffer until all have arrived and are
    /// then copied out once.
    mutating func fixedBody(
        _ bytes: UnsafeBufferPointer<UInt8>, length: Int
    ) throws(HTTPParseError) -> HTTPParserEvent? {
        guard length <= bodyLimit else { throw .bodyTooLarge }
        guard bytes.count - readIndex >= length else { return nil }
        let body = Array(UnsafeBufferPointer(rebasing: bytes[readIndex..<readIndex + length]))
        readIndex += length
        return complete(body: body)
    }

    /// Advances the chunked decoder (RFC 9112 §7.1) as far as the buffered
    /// bytes allow. Returns `false` when more bytes are needed; on return
    /// with `true` the state is `.requestLine` (message complete).
    ///
    /// ```
    /// chunked-body = *chunk last-chunk trailer-section CRLF
    /// chunk        = chunk-size [ chunk-ext ] CRLF chunk-data CRLF
    /// last-chunk   = 1*("0") [ chunk-ext ] CRLF
    /// ```
    mutating func chunkedStep(_ bytes: UnsafeBufferPointer<UInt8>) throws(HTTPParseError) -> Bool {
        let end = bytes.count
        while true {
            switch state {
            case .chunkSize:
                guard let lf = findLineFeed(bytes, limit: ChunkSizeLine.maxBytes, section: 0) else {
                    if end - readIndex >= ChunkSizeLine.maxBytes { throw .invalidChunkSize }
                    return false
                }
                let lineEnd = lf > readIndex && bytes[lf - 1] == ASCII.cr ? lf - 1 : lf
                let size = try ChunkSizeLine.parse(bytes, readIndex, lineEnd)
                readIndex = lf + 1
                scanIndex = readIndex
                if size == 0 {
                    sectionBytes = 0
                    state = .trailers
                } else {
                    // Fail as soon as the declared size would pass the limit.
                    guard size <= bodyLimit - chunkedBody.count else { throw .bodyTooLarge }
                    state = .chunkData(remaining: size)
                }

            case .chunkData(let remaining):
                let available = end - readIndex
                guard available > 0 else { return false }
                let take = min(available, remaining)
                chunkedBody.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[readIndex..<readIndex + take]))
                readIndex += take
                scanIndex = readIndex
                state = take == remaining ? .chunkDataEnd : .chunkData(remaining: remaining - take)

            case .chunkDataEnd:
                guard readIndex < end else { return false }
                if bytes[readIndex] == ASCII.cr {
                    guard readIndex + 1 < end else { return false }
                    guard bytes[readIndex + 1] == ASCII.lf else { throw .invalidChunkTerminator }
                    readIndex += 2
                } else {
                    guard bytes[readIndex] == ASCII.lf else { throw .invalidChunkTerminator }
                    readIndex += 1
                }
                scanIndex = readIndex
                state = .chunkSize

            case .trailers:
                // RFC 9112 §7.1.2: trailer fields are validated like header
                // fields and then discarded; their bytes count against
                // maxHeaderBytes.
                guard let lf = findLineFeed(bytes, limit: maxHeaderBytes, section: sectionBytes) else {
                    if sectionBytes + (end - readIndex) >= maxHeaderBytes { throw .trailersTooLarge }
                    return false
                }
                let lineStart = readIndex
                let lineEnd = lf > lineStart && bytes[lf - 1] == ASCII.cr ? lf - 1 : lf
                sectionBytes += lf + 1 - lineStart
                if sectionBytes > maxHeaderBytes { throw .trailersTooLarge }
                readIndex = lf + 1
                scanIndex = readIndex
                if lineEnd == lineStart {
                    state = .requestLine
                    return true
                }
                _ = try FieldLine(bytes, lineStart, lineEnd, isFirst: false, hasControlBytes: lineControlCount > 0)

            default:
                return true
            }
        }
    }
}
