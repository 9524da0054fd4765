/// The request head under construction (RFC 9112 §2.1: start-line and
/// field lines).
struct PendingHead: Sendable {
    var method = ""
    var target = ""
    var path = ""
    var query: String?
    var versionMinor = 1
    /// Buffer index where the field lines start; the parser keeps these bytes
    /// buffered until the head is complete and then copies them once.
    var fieldsStart = 0
    /// Field positions relative to `fieldsStart`.
    var fields: [HTTPHeaders.Entry] = []
    var framing = RequestFraming()
}

extension HTTPRequestParser {
    /// Consumes complete head lines; returns `.head` at the empty line.
    ///
    /// Lines end at LF, with an optional CR before it (RFC 9112 §2.2 lets a
    /// recipient accept a bare LF). Limits are checked as soon as they are
    /// exceeded, also on a line still in progress.
    mutating func parseHead(_ bytes: UnsafeBufferPointer<UInt8>) throws(HTTPParseError) -> HTTPParserEvent? {
        let end = bytes.count
        while true {
            guard let lf = findLineFeed(bytes, limit: maxHeaderBytes, section: sectionBytes) else {
                // The head needs at least one more byte (the LF).
                if sectionBytes + (end - readIndex) >= maxHeaderBytes { throw .headerTooLarge }
                return nil
            }
            let lineStart = readIndex
            let lineEnd = lf > lineStart && bytes[lf - 1] == ASCII.cr ? lf - 1 : lf
            sectionBytes += lf + 1 - lineStart
            if sectionBytes > maxHeaderBytes { throw .headerTooLarge }
            readIndex = lf + 1
            scanIndex = readIndex

            if case .requestLine = state {
                // RFC 9112 §2.2: ignore empty lines before the request line.
                guard lineEnd > lineStart else { continue }
                try parseRequestLine(bytes, lineStart, lineEnd)
                pending.fieldsStart = readIndex
                state = .fields
            } else if lineEnd == lineStart {
                return try finishHead(bytes, fieldsEnd: lineStart)
            } else {
                let field = try FieldLine(bytes, lineStart, lineEnd, isFirst: pending.fields.isEmpty,
                                          hasControlBytes: lineControlCount > 0)
                guard pending.fields.count < maxHeaderCount else { throw .tooManyHeaders }
                try pending.framing.note(bytes, name: (field.nameStart, field.nameEnd),
                                         value: (field.valueStart, field.valueEnd))
                let base = pending.fieldsStart
                pending.fields.append(HTTPHeaders.Entry(
                    nameStart: Int32(field.nameStart - base), nameEnd: Int32(field.nameEnd - base),
                    valueStart: Int32(field.valueStart - base), valueEnd: Int32(field.valueEnd - base)))
            }
        }
    }

    /// Finds the next LF at or after `scanIndex`; on failure remembers where
    /// the search stopped so the bytes are never examined again. Stops early
    /// once the section could not fit `limit` anyway. Counts control bytes
    /// of the line in `lineControlCount` (a CR before the LF excluded).
    @inline(__always)
    mutating func findLineFeed(_ bytes: UnsafeBufferPointer<UInt8>, limit: Int, section: Int) -> Int? {
        let start = scanIndex
        if start == readIndex { lineControlCount = 0 }
        let stop = min(bytes.count, readIndex + max(limit - section, 0))
        let (index, controls) = LineScan.scan(bytes, from: start, to: stop)
        scannedByteCount &+= index - start
        lineControlCount &+= controls
        if index < stop {
            if index > readIndex && bytes[index - 1] == ASCII.cr { lineControlCount &-= 1 }
            return index
        }
        scanIndex = index
        return nil
    }

    /// `request-line = method SP request-target SP HTTP-version`
    /// (RFC 9112 §3), split on single spaces.
    private mutating func parseRequestLine(
        _ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int
    ) throws(HTTPParseError) {
        var index = start
        while index < end, bytes[index] != ASCII.space {
            guard ASCII.isTokenChar(bytes[index]) else { throw .invalidMethod }
            index += 1
        }
        guard index < end else { throw .invalidRequestLine }
        guard index > start else { throw .invalidMethod }
        let methodEnd = index

        index += 1
        let targetStart = index
        var queryMark = -1
        while index < end, bytes[index] != ASCII.space {
            let byte = bytes[index]
            // RFC 9112 §3.2: the target is ASCII without CTL or SP; anything
            // else is rejected instead of guessed at.
            guard byte > 0x20, byte < 0x7F else { throw .invalidTarget }
            if byte == ASCII.question, queryMark < 0 { queryMark = index }
            index += 1
        }
        guard index < end else { throw .invalidRequestLine }
        guard index > targetStart else { throw .invalidTarget }
        let targetEnd = index

        let versionMinor = try parseVersion(bytes, index + 1, end)

        pending = PendingHead()
        pending.versionMinor = versionMinor
        pending.fields.reserveCapacity(16)
        pending.method = HTTPRequestParser.knownMethod(bytes, start, methodEnd)
            ?? ASCII.string(bytes, start, methodEnd)
        pending.target = ASCII.string(bytes, targetStart, targetEnd)
        if bytes[targetStart] != ASCII.slash {
            (pending.path, pending.query) = HTTPRequestHead.split(target: pending.target)
        } else if queryMark < 0 {
            pending.path = pending.target
        } else {
            pending.path = ASCII.string(bytes, targetStart, queryMark)
            pending.query = ASCII.string(bytes, queryMark + 1, targetEnd)
        }
    }

    /// `HTTP-version = "HTTP" "/" DIGIT "." DIGIT` (RFC 9112 §2.3); returns the
    /// minor version. Well-formed versions other than 1.0 and 1.1 → 505.
    private func parseVersion(
        _ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int
    ) throws(HTTPParseError) -> Int {
        guard end - start == 8,
              bytes[start] == 0x48, bytes[start + 1] == 0x54, bytes[start + 2] == 0x54,
              bytes[start + 3] == 0x50, bytes[start + 4] == ASCII.slash, bytes[start + 6] == 0x2E
        else { throw .invalidRequestLine }
        let major = bytes[start + 5] &- 0x30
        let minor = bytes[start + 7] &- 0x30
        guard major < 10, minor < 10 else { throw .invalidRequestLine }
        guard major == 1, minor <= 1 else { throw .unsupportedVersion }
        return Int(minor)
    }

    /// The empty line ends the head: decide framing, copy the field section
    /// out of the receive buffer in one piece, emit `.head`.
    private mutating func finishHead(
        _ bytes: UnsafeBufferPointer<UInt8>, fieldsEnd: Int
    ) throws(HTTPParseError) -> HTTPParserEvent {
        let framing = try pending.framing.bodyFraming(versionMinor: pending.versionMinor)
        let fieldBytes = Array(UnsafeBufferPointer(rebasing: bytes[pending.fieldsStart..<fieldsEnd]))
        let head = HTTPRequestHead(
            method: pending.method, target: pending.target, path: pending.path, query: pending.query,
            versionMajor: 1, versionMinor: pending.versionMinor,
            headers: HTTPHeaders(bytes: fieldBytes, entries: pending.fields))
        pending = PendingHead()
        state = .headDone(framing)
        return .head(head)
    }

    /// Interned strings for the registered methods (RFC 9110 §9.1), so the
    /// common case allocates and validates nothing.
    @inline(__always)
    static func knownMethod(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> String? {
        func equals(_ literal: StaticString) -> Bool {
            let pointer = literal.utf8Start
            for offset in 0..<literal.utf8CodeUnitCount where bytes[start + offset] != pointer[offset] {
                return false
            }
            return true
        }
        switch end - start {
        case 3:
            if equals("GET") { return "GET" }
            if equals("PUT") { return "PUT" }
        case 4:
            if equals("POST") { return "POST" }
            if equals("HEAD") { return "HEAD" }
        case 5:
            if equals("PATCH") { return "PATCH" }
        case 6:
            if equals("DELETE") { return "DELETE" }
        case 7:
            if equals("OPTIONS") { return "OPTIONS" }
        default:
            break
        }
        return nil
    }
}
