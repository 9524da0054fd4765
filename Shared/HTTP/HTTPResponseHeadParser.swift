/// An incremental parser for one response head: the status line and the
/// field lines up to the empty line (RFC 9112 §2.1, §4, §5). A pure state
/// machine: the caller appends bytes as they arrive, in chunks of any size,
/// and calls `parse()` until it returns the head.
///
/// Used by the WebSocket client to read the `101 Switching Protocols`
/// answer (RFC 6455 §4.1, §4.2.2): whatever follows the empty line already
/// belongs to the frame stream and is handed back by `takeRemainder()`.
///
/// Rules:
/// - lines end at LF with an optional CR before it (RFC 9112 §2.2 lets a
///   recipient accept a bare LF);
/// - status line: `HTTP-version SP 3DIGIT SP reason-phrase` (RFC 9112 §4);
///   a missing SP + reason after the code is tolerated, as the phrase is
///   ignorable anyway;
/// - fields are validated with the same `FieldLine` rules as requests
///   (RFC 9110 §5.1, §5.5; RFC 9112 §5.1, §5.2);
/// - limits are checked as soon as they are exceeded, on a line still in
///   progress too, so a peer cannot make us buffer without bound.
///
/// Cost: each byte is scanned for LF once, whatever the chunking.
public struct HTTPResponseHeadParser: Sendable {
    public let maxHeadBytes: Int
    public let maxHeaderCount: Int

    private var buffer: [UInt8] = []
    /// Start of the line being read.
    private var lineStart = 0
    /// Where the LF search resumes.
    private var scanIndex = 0
    private var statusLine: (major: Int, minor: Int, status: Int, reason: String)?
    private var headers = HTTPHeaders()
    private var result: Result<HTTPResponseHead, HTTPResponseParseError>?
    private var remainderStart = 0

    public init(maxHeadBytes: Int = 16 * 1024, maxHeaderCount: Int = 100) {
        self.maxHeadBytes = maxHeadBytes
        self.maxHeaderCount = maxHeaderCount
    }

    /// Buffers received bytes. Bytes after a complete head are kept for
    /// `takeRemainder()`.
    public mutating func append(_ bytes: some Sequence<UInt8>) {
        buffer.append(contentsOf: bytes)
    }

    /// The head once its empty line has arrived, `nil` while more bytes are
    /// needed. After an error (or success) every call returns the same.
    public mutating func parse() throws(HTTPResponseParseError) -> HTTPResponseHead? {
        if let result { return try result.get() }
        do {
            guard let head = try step() else { return nil }
            result = .success(head)
            return head
        } catch {
            result = .failure(error)
            throw error
        }
    }

    /// The bytes after the head's empty line (empty before the head is
    /// complete); they are removed from the parser.
    public mutating func takeRemainder() -> [UInt8] {
        guard case .success = result, remainderStart < buffer.count else { return [] }
        defer { buffer.removeSubrange(remainderStart...) }
        return Array(buffer[remainderStart...])
    }

    private mutating func step() throws(HTTPResponseParseError) -> HTTPResponseHead? {
        while true {
            guard let lf = findLineFeed() else {
                if buffer.count > maxHeadBytes { throw .headerTooLarge }
                return nil
            }
            if lf + 1 > maxHeadBytes { throw .headerTooLarge }
            let end = lf > lineStart && buffer[lf - 1] == ASCII.cr ? lf - 1 : lf
            let start = lineStart
            lineStart = lf + 1
            scanIndex = lineStart
            if statusLine == nil {
                statusLine = try parseStatusLine(start, end)
            } else if start == end {
                remainderStart = lineStart
                let line = statusLine!
                return HTTPResponseHead(versionMajor: line.major, versionMinor: line.minor, status: line.status,
                                        reason: line.reason, headers: headers)
            } else {
                guard headers.count < maxHeaderCount else { throw .tooManyHeaders }
                try parseField(start, end)
            }
        }
    }

    private mutating func findLineFeed() -> Int? {
        while scanIndex < buffer.count {
            if buffer[scanIndex] == ASCII.lf { return scanIndex }
            scanIndex += 1
        }
        return nil
    }

    /// `status-line = HTTP-version SP status-code SP [ reason-phrase ]`
    /// (RFC 9112 §4). `HTTP/2` and `HTTP/3` are accepted too: libcurl
    /// renders those responses' heads that way in its header callback.
    private func parseStatusLine(_ start: Int, _ end: Int) throws(HTTPResponseParseError)
        -> (major: Int, minor: Int, status: Int, reason: String) {
        let line = Array(buffer[start..<end])
        let prefix = Array("HTTP/".utf8)
        guard line.count >= 10, Array(line[0..<5]) == prefix else { throw .invalidStatusLine }
        var index = 5
        func digit(_ byte: UInt8) -> Int? { byte >= 0x30 && byte <= 0x39 ? Int(byte - 0x30) : nil }
        guard let major = digit(line[index]) else { throw .invalidStatusLine }
        index += 1
        var minor = 0
        if line[index] == 0x2E {
            guard index + 1 < line.count, let value = digit(line[index + 1]) else { throw .invalidStatusLine }
            minor = value
            index += 2
        } else if major == 1 {
            throw .invalidStatusLine
        }
        guard major == 1 || (major == 2 || major == 3) && minor == 0 else { throw .unsupportedVersion }
        guard index + 4 <= line.count, line[index] == ASCII.space else { throw .invalidStatusLine }
        index += 1
        var status = 0
        for offset in 0..<3 {
            guard let value = digit(line[index + offset]) else { throw .invalidStatusLine }
            status = status * 10 + value
        }
        index += 3
        guard status >= 100 else { throw .invalidStatusLine }
        var reason = ""
        if index < line.count {
            guard line[index] == ASCII.space else { throw .invalidStatusLine }
            let phrase = line[(index + 1)...]
            // reason-phrase = *( HTAB / SP / VCHAR / obs-text )
            guard phrase.allSatisfy(ASCII.isFieldValueChar) else { throw .invalidStatusLine }
            reason = String(decoding: phrase, as: UTF8.self)
        }
        return (major, minor, status, reason)
    }

    private mutating func parseField(_ start: Int, _ end: Int) throws(HTTPResponseParseError) {
        let field: FieldLine
        do {
            field = try buffer.withUnsafeBufferPointer { bytes throws(HTTPParseError) in
                try FieldLine(bytes, start, end, isFirst: headers.isEmpty, hasControlBytes: true)
            }
        } catch {
            switch error {
            case .whitespaceBeforeColon: throw .whitespaceBeforeColon
            case .obsoleteLineFolding, .whitespaceAfterStartLine: throw .obsoleteLineFolding
            case .invalidHeaderValue: throw .invalidHeaderValue
            default: throw .invalidHeaderName
            }
        }
        headers.add(name: String(decoding: buffer[field.nameStart..<field.nameEnd], as: UTF8.self),
                    value: String(decoding: buffer[field.valueStart..<field.valueEnd], as: UTF8.self))
    }
}
