import HTTP

/// Fuzzes `HTTPRequestParser` (RFC 9112), the parser every byte a client
/// sends goes through, plus what handlers do with a head: percent-decoding
/// the path, parsing the query, and echoing request data into a response
/// that the client-side `HTTPResponseHeadParser` must read back intact.
///
/// Properties checked on every input:
/// - the same events and the same error whether the input arrives whole,
///   byte by byte, or in input-derived chunks (the parser is incremental);
/// - events alternate `.head`, `.complete`; a body never passes the limit in
///   force; every head satisfies the request-line and field grammar;
/// - a response carrying the request's fields plus a header built from the
///   decoded path (which may hold CR/LF) serializes to a head that parses
///   back to exactly those fields: request data cannot split a response.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTTPRequest(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = fuzzBytes(data, size)
    var random = FuzzRandom(seed: input)
    // Small limits too, so the 413/431 paths are reachable within -max_len.
    let limits = HTTPFuzzLimits(
        maxHeaderBytes: random.pick([48, 256, 16 * 1024]),
        maxHeaderCount: random.pick([2, 100]),
        bodyLimit: random.pick([0, 16, 1024 * 1024]))

    let reference = HTTPFuzzRun(input, .whole, limits)
    for feeding in [Feeding.byteByByte, .randomChunks] {
        let other = HTTPFuzzRun(input, feeding, limits)
        fuzzCheck(other.events == reference.events, "events differ: whole vs \(feeding)")
        fuzzCheck(other.error == reference.error,
                  "error differs: whole \(String(describing: reference.error)) vs \(feeding) \(String(describing: other.error))")
        // After an error the connection closes, so what is left buffered then is moot.
        if reference.error == nil {
            fuzzCheck(other.buffered == reference.buffered, "buffered bytes differ: whole vs \(feeding)")
        }
    }
    return 0
}

struct HTTPFuzzLimits {
    let maxHeaderBytes: Int
    let maxHeaderCount: Int
    let bodyLimit: Int
}

/// One pass of the parser over the input, fed in `feeding` chunks.
struct HTTPFuzzRun {
    var events: [HTTPParserEvent] = []
    var error: HTTPParseError?
    var buffered = 0

    init(_ input: [UInt8], _ feeding: Feeding, _ limits: HTTPFuzzLimits) {
        var parser = HTTPRequestParser(maxHeaderBytes: limits.maxHeaderBytes, maxHeaderCount: limits.maxHeaderCount,
                                       defaultBodyLimit: limits.bodyLimit)
        var bodyLimit = limits.bodyLimit
        feed: for (index, chunk) in feeding.chunks(input, seed: input).enumerated() {
            parser.append(chunk: chunk, number: index)
            do {
                while let event = try parser.next() {
                    switch event {
                    case .head(let head):
                        fuzzCheck(events.count % 2 == 0, ".head while a body was expected")
                        HTTPFuzzChecks.head(head, limits: limits)
                        // A route-like decision from the head, the same in every run.
                        bodyLimit = head.path.utf8.count % 3 == 0 ? limits.bodyLimit : head.path.utf8.count
                        parser.setBodyLimit(bodyLimit)
                    case .complete(let body):
                        fuzzCheck(events.count % 2 == 1, ".complete without a .head")
                        fuzzCheck(body.count <= bodyLimit, "body of \(body.count) bytes over the limit \(bodyLimit)")
                        bodyLimit = limits.bodyLimit
                        fuzzCheck(parser.bodyLimit == limits.bodyLimit, "body limit not reset after .complete")
                    }
                    events.append(event)
                }
            } catch {
                self.error = error
                // A failed parser keeps failing with the same error.
                do {
                    _ = try parser.next()
                    fuzzCheck(false, "next() after an error did not throw")
                } catch let again {
                    fuzzCheck(again == error, "a second next() threw \(again), not \(error)")
                }
                break feed
            }
        }
        buffered = parser.bufferedByteCount
    }
}

enum HTTPFuzzChecks {
    static func isToken(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
        }
    }

    /// The grammar a parsed head must satisfy (RFC 9112 §3, §5; RFC 9110 §5.5).
    static func head(_ head: HTTPRequestHead, limits: HTTPFuzzLimits) {
        fuzzCheck(!head.method.isEmpty && head.method.utf8.allSatisfy(isToken), "method not a token: \(head.method)")
        fuzzCheck(!head.target.isEmpty && head.target.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F },
                  "target with CTL, SP or non-ASCII: \(head.target.debugDescription)")
        fuzzCheck(head.versionMajor == 1 && (0...1).contains(head.versionMinor), "version \(head.versionMajor).\(head.versionMinor)")
        if head.target.hasPrefix("/") {
            fuzzCheck(head.target == head.path + (head.query.map { "?" + $0 } ?? ""),
                      "path \(head.path) + query \(String(describing: head.query)) ≠ target \(head.target)")
            fuzzCheck(!head.path.utf8.contains(UInt8(ascii: "?")), "path holds a ?")
        }
        fuzzCheck(head.headers.count <= limits.maxHeaderCount, "\(head.headers.count) fields over the limit")
        for (name, value) in head.headers {
            fuzzCheck(!name.isEmpty && name.utf8.allSatisfy(isToken), "field name not a token: \(name.debugDescription)")
            fuzzCheck(!value.utf8.contains { $0 == 0x0D || $0 == 0x0A || $0 == 0x00 }, "field value with CR, LF or NUL")
            fuzzCheck(value.first != " " && value.last != " " && value.first != "\t" && value.last != "\t",
                      "field value not trimmed: \(value.debugDescription)")
        }
        _ = head.keepAlive
        _ = head.expectsContinue

        // What a handler does with a target: decode the path, read the query.
        let decodedPath = PercentDecoding.decode(head.path)
        if !head.path.utf8.contains(UInt8(ascii: "%")) {
            fuzzCheck(decodedPath == head.path, "decoding a path without % changed it")
        }
        let query = QueryParameters(head.query)
        let ampersands = head.query.map { $0.utf8.count { $0 == UInt8(ascii: "&") } } ?? -1
        fuzzCheck(query.items.count <= ampersands + 1, "more query items than &-separated pairs")
        if let first = query.items.first { fuzzCheck(query.first(first.name) == first.value, "first(name) is not the first item") }

        echo(head, decodedPath: decodedPath)
    }

    /// Serializes a response echoing request data and parses it back as a
    /// client would.
    static func echo(_ head: HTTPRequestHead, decodedPath: String?) {
        var headers = head.headers
        let extraValue = decodedPath ?? head.path
        headers.add(name: "X-Echo-Path", value: extraValue)
        let response = HTTPResponse(status: 200, headers: headers, body: Array(head.target.utf8))
        var bytes: [UInt8] = []
        HTTPResponseSerializer.serialize(response, into: &bytes, keepAlive: head.keepAlive, headRequest: false,
                                         date: "Sun, 06 Nov 1994 08:49:37 GMT")
        var parser = HTTPResponseHeadParser(maxHeadBytes: 1 << 20, maxHeaderCount: 1 << 10)
        parser.append(bytes)
        let parsed: HTTPResponseHead?
        do {
            parsed = try parser.parse()
        } catch {
            fuzzCheck(false, "serialized response head does not parse: \(error)")
            return
        }
        guard let parsed else {
            fuzzCheck(false, "serialized response head is incomplete")
            return
        }
        fuzzCheck(parsed.status == 200, "status \(parsed.status)")
        fuzzCheck(parser.takeRemainder() == Array(head.target.utf8), "body after the head is not the body sent")

        // Expected: the response's own fields minus those the serializer
        // owns, values with control bytes as SP and then trimmed (OWS).
        var expected: [(String, String)] = []
        var sawConnection = false
        for (name, value) in headers {
            switch name.lowercased() {
            case "date", "content-length", "transfer-encoding": continue
            case "connection":
                guard head.keepAlive else { continue }
                sawConnection = true
            default: break
            }
            expected.append((name, sanitizedValue(value)))
        }
        expected.append(("Content-Length", String(head.target.utf8.count)))
        if !head.keepAlive {
            expected.append(("Connection", "close"))
        } else if !sawConnection {
            expected.append(("Connection", "keep-alive"))
        }
        expected.append(("Date", "Sun, 06 Nov 1994 08:49:37 GMT"))
        let got = parsed.headers.fields
        fuzzCheck(got.count == expected.count, "response has \(got.count) fields, expected \(expected.count): \(got)")
        for (field, want) in zip(got, expected) {
            fuzzCheck(field.name == want.0 && field.value == want.1,
                      "response field \(field) ≠ expected \(want)")
        }
    }

    static func sanitizedValue(_ value: String) -> String {
        var bytes = value.utf8.map { $0 == 0x09 || ($0 >= 0x20 && $0 != 0x7F) ? $0 : 0x20 }
        while let last = bytes.last, last == 0x20 || last == 0x09 { bytes.removeLast() }
        while let first = bytes.first, first == 0x20 || first == 0x09 { bytes.removeFirst() }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension HTTPRequestParser: ByteAppending {}
