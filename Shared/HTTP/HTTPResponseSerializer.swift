/// Writes responses as HTTP/1.1 bytes (RFC 9112 §4, §5, §6), appending
/// straight into the caller's output buffer.
public enum HTTPResponseSerializer {
    /// Appends `response` to `buffer`:
    ///
    /// ```
    /// HTTP/1.1 <status> <reason>\r\n
    /// <response.headers, in order>\r\n
    /// Content-Length: <body.count>\r\n      (not for 1xx, 204, 304)
    /// Connection: close | keep-alive\r\n    (keep-alive omitted when the response sets Connection)
    /// Date: <date>\r\n
    /// \r\n
    /// <body>                                (not for HEAD, 1xx, 204, 304)
    /// ```
    ///
    /// - `Content-Length` is always written from `body.count`, also for a
    ///   HEAD request whose body is omitted (RFC 9110 §9.3.2, §8.6), so a
    ///   GET handler's response can answer HEAD unchanged.
    /// - `Connection: keep-alive` is written on persistent connections so that
    ///   HTTP/1.0 clients keep the connection too (RFC 9112 §9.3, §C.2.2); a
    ///   `Connection` field in `response.headers` (e.g. `Upgrade` on 101)
    ///   replaces it. `Connection: close` (RFC 9112 §9.6) replaces any
    ///   `Connection` field of the response.
    /// - `Content-Length`, `Transfer-Encoding` and `Date` fields in
    ///   `response.headers` are dropped: the serializer owns framing.
    /// - Control bytes other than HTAB in a field name or value (CR, LF, NUL…)
    ///   are written as SP, so data copied into a header cannot split the
    ///   response (RFC 9110 §5.5).
    /// - `date` is an IMF-fixdate (see `HTTPDate`), cached by the caller per
    ///   second.
    public static func serialize(
        _ response: HTTPResponse, into buffer: inout [UInt8], keepAlive: Bool, headRequest: Bool, date: String
    ) {
        let noContent = HTTPStatus.hasNoContent(response.status)
        let writesBody = !headRequest && !noContent
        let needed = buffer.count + 160 + response.headers.count * 48 + (writesBody ? response.body.count : 0)
        if buffer.capacity < needed { buffer.reserveCapacity(max(needed, buffer.capacity * 2)) }

        appendStatusLine(response.status, to: &buffer)
        var hasConnection = false
        let headers = response.headers
        headers.bytes.withUnsafeBufferPointer { stored in
            for entry in headers.entries {
                let nameStart = Int(entry.nameStart)
                let nameEnd = Int(entry.nameEnd)
                switch managedField(stored, nameStart, nameEnd) {
                case .framing: continue
                case .connection:
                    guard keepAlive else { continue }
                    hasConnection = true
                case .other: break
                }
                appendSanitized(stored, nameStart, nameEnd, to: &buffer)
                append(": ", to: &buffer)
                appendSanitized(stored, Int(entry.valueStart), Int(entry.valueEnd), to: &buffer)
                append("\r\n", to: &buffer)
            }
        }
        if !noContent {
            append("Content-Length: ", to: &buffer)
            appendDecimal(response.body.count, to: &buffer)
            append("\r\n", to: &buffer)
        }
        if !keepAlive {
            append("Connection: close\r\n", to: &buffer)
        } else if !hasConnection {
            append("Connection: keep-alive\r\n", to: &buffer)
        }
        append("Date: ", to: &buffer)
        buffer.append(contentsOf: date.utf8)
        append("\r\n\r\n", to: &buffer)
        if writesBody { buffer.append(contentsOf: response.body) }
    }

    /// The interim response a client sending `Expect: 100-continue` waits
    /// for (RFC 9110 §10.1.1, §15.2.1): `HTTP/1.1 100 Continue\r\n\r\n`.
    public static func continueLine() -> [UInt8] {
        Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)
    }

    private enum ManagedField { case framing, connection, other }

    /// Classifies a response field name, comparing lengths first so most
    /// names cost one integer comparison.
    @inline(__always)
    private static func managedField(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> ManagedField {
        switch end - start {
        case 4 where ASCII.equalsLowercase(bytes, start, end, "date"): .framing
        case 10 where ASCII.equalsLowercase(bytes, start, end, "connection"): .connection
        case 14 where ASCII.equalsLowercase(bytes, start, end, "content-length"): .framing
        case 17 where ASCII.equalsLowercase(bytes, start, end, "transfer-encoding"): .framing
        default: .other
        }
    }

    /// Appends `bytes[start..<end]`, control bytes other than HTAB replaced
    /// by SP. The check runs eight bytes at a time; clean fields (nearly all)
    /// are copied in one piece.
    @inline(__always)
    private static func appendSanitized(
        _ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, to buffer: inout [UInt8]
    ) {
        let (stop, controls) = LineScan.scan(bytes, from: start, to: end)
        if stop == end && controls == 0 {
            buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<end]))
            return
        }
        for index in start..<end {
            let byte = bytes[index]
            buffer.append(ASCII.isFieldValueChar(byte) ? byte : ASCII.space)
        }
    }

    static func appendStatusLine(_ status: Int, to buffer: inout [UInt8]) {
        if let line = HTTPStatus.precomputedStatusLine(status) {
            append(line, to: &buffer)
            return
        }
        append("HTTP/1.1 ", to: &buffer)
        appendDecimal(status, to: &buffer)
        buffer.append(ASCII.space)
        buffer.append(contentsOf: HTTPStatus.reasonPhrase(status).utf8)
        append("\r\n", to: &buffer)
    }

    @inline(__always)
    static func append(_ literal: StaticString, to buffer: inout [UInt8]) {
        buffer.append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    /// Appends the decimal digits of a non-negative integer.
    static func appendDecimal(_ value: Int, to buffer: inout [UInt8]) {
        var divisor = 1
        while divisor <= value / 10 { divisor *= 10 }
        while divisor > 0 {
            buffer.append(UInt8(truncatingIfNeeded: value / divisor % 10) &+ 0x30)
            divisor /= 10
        }
    }
}
