/// An incremental, push-based HTTP/1.1 request parser (RFC 9112): a pure
/// state machine with no I/O.
///
/// The I/O layer appends bytes as they arrive, in chunks of any size, and
/// then calls `next()` until it returns `nil` ("need more bytes"). Each
/// request yields `.head` first, then `.complete(body:)` once the whole body
/// is buffered; pipelined requests follow one another in the same buffer.
///
/// ```swift
/// parser.append(chunk)
/// while let event = try parser.next() {
///     switch event {
///     case .head(let head):
///         // pick the route; raise the body limit if it allows big uploads
///         parser.setBodyLimit(route.maxBody)
///         // A `Content-Length` over the limit throws 413 on the next call to
///         // `next()`, before any body byte arrives: call it before deciding
///         // to send `100 Continue` (RFC 9110 §10.1.1).
///     case .complete(let body):
///         // dispatch
///     }
/// }
/// ```
///
/// After an error every later `next()` throws the same error: the framing
/// of what follows is unknown, so the connection must be closed after the
/// error response (RFC 9112 §9.6).
///
/// Limits (each fails as soon as it is passed, not at the end of the head):
/// - `maxHeaderBytes` → 431: request line + fields + empty line (leading
///   empty lines count, so a client cannot idle on CRLFs outside the header
///   timeout); separately, each trailer section.
/// - `maxHeaderCount` → 431: field lines in the head.
/// - body limit → 413: a `Content-Length` over it fails before any body
///   byte; a chunked body fails at the chunk-size line that would pass it.
///
/// Lines may end in CRLF or a bare LF (RFC 9112 §2.2). Transfer codings:
/// see `RequestFraming.bodyFraming` (only `chunked`; others → 501/400).
///
/// Scanning never restarts: a head that arrives in pieces is processed line
/// by line as each line completes, and the search for the next line
/// terminator resumes where the previous search stopped. A `Content-Length`
/// body stays in the receive buffer until complete and is copied out once;
/// chunk data is appended to the body as it arrives.
public struct HTTPRequestParser: Sendable {
    /// Most bytes for everything from the first byte of a request (leading
    /// empty lines included) up to and including the empty line that ends
    /// the head. Also the limit for a trailer section.
    public let maxHeaderBytes: Int
    /// Most field lines in a head.
    public let maxHeaderCount: Int
    /// Body limit at the start of each request.
    public let defaultBodyLimit: Int
    /// Body limit for the current request.
    public private(set) var bodyLimit: Int

    enum State: Sendable {
        /// Before the request line; leading empty lines are skipped.
        case requestLine
        /// Between the request line and the empty line.
        case fields
        /// `.head` was returned; the body has not been started.
        case headDone(BodyFraming)
        /// Waiting until `length` body bytes are buffered.
        case fixedBody(length: Int)
        /// Expecting a chunk-size line.
        case chunkSize
        /// Inside chunk data.
        case chunkData(remaining: Int)
        /// Expecting the CRLF after chunk data.
        case chunkDataEnd
        /// After the last chunk, until the empty line.
        case trailers
        case failed(HTTPParseError)
    }

    var state: State = .requestLine
    /// Received bytes; `buffer[readIndex...]` is not consumed yet.
    var buffer: [UInt8] = []
    var readIndex = 0
    /// Where the search for the next LF resumes (`>= readIndex`).
    var scanIndex = 0
    /// Bytes of complete lines consumed in the current head or trailer
    /// section.
    var sectionBytes = 0
    var pending = PendingHead()
    /// Chunked body received so far.
    var chunkedBody: [UInt8] = []
    /// Control bytes (other than HTAB and the line terminator) in the line
    /// being scanned.
    var lineControlCount = 0
    /// Bytes examined by line searches, for the "never rescan" tests.
    var scannedByteCount = 0

    public init(maxHeaderBytes: Int = 16 * 1024, maxHeaderCount: Int = 100, defaultBodyLimit: Int = 1024 * 1024) {
        self.maxHeaderBytes = maxHeaderBytes
        self.maxHeaderCount = maxHeaderCount
        self.defaultBodyLimit = defaultBodyLimit
        self.bodyLimit = defaultBodyLimit
    }

    /// Buffers received bytes.
    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        guard !bytes.isEmpty else { return }
        compact()
        buffer.append(contentsOf: bytes)
    }

    /// Buffers received bytes.
    public mutating func append(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        compact()
        buffer.append(contentsOf: bytes)
    }

    /// Sets the body limit of the current request. Call it after `.head` and
    /// before the next `next()`; the limit returns to `defaultBodyLimit` when
    /// the request completes.
    public mutating func setBodyLimit(_ bytes: Int) {
        bodyLimit = bytes
    }

    /// Whether at least one byte of a request whose head is not finished has
    /// been received (leading empty lines count) — the span the header-read
    /// timeout covers.
    public var isInsideHead: Bool {
        switch state {
        case .requestLine, .fields: sectionBytes > 0 || readIndex < buffer.count
        default: false
        }
    }

    /// Whether the parser is between requests with nothing buffered.
    public var isIdle: Bool {
        guard case .requestLine = state else { return false }
        return sectionBytes == 0 && readIndex == buffer.count
    }

    /// Bytes received and not yet consumed by an event.
    public var bufferedByteCount: Int { buffer.count - readIndex }

    /// Removes and returns the bytes received after the last complete
    /// request, leaving the parser idle (a request in progress is dropped).
    /// For a protocol switch (`101
    /// Switching Protocols`, RFC 9110 §7.8): whatever the client sent after
    /// the upgrade request belongs to the new protocol. Call it right after
    /// the upgrade request's `.complete`.
    public mutating func takeRemainingBytes() -> [UInt8] {
        let remaining = Array(buffer[readIndex...])
        buffer.removeAll(keepingCapacity: false)
        readIndex = 0
        scanIndex = 0
        sectionBytes = 0
        if case .failed = state { return remaining }
        state = .requestLine
        pending = PendingHead()
        bodyLimit = defaultBodyLimit
        return remaining
    }

    /// The next event, or `nil` when more bytes are needed.
    public mutating func next() throws(HTTPParseError) -> HTTPParserEvent? {
        if case .failed(let error) = state { throw error }
        do {
            let storage = buffer
            return try storage.withUnsafeBufferPointer { (bytes) throws(HTTPParseError) in try step(bytes) }
        } catch {
            state = .failed(error)
            throw error
        }
    }

    private mutating func step(_ bytes: UnsafeBufferPointer<UInt8>) throws(HTTPParseError) -> HTTPParserEvent? {
        while true {
            switch state {
            case .requestLine, .fields:
                return try parseHead(bytes)
            case .headDone(let framing):
                switch framing {
                case .none: return complete(body: [])
                case .length(let length): state = .fixedBody(length: length)
                case .chunked:
                    chunkedBody = []
                    state = .chunkSize
                }
            case .fixedBody(let length):
                return try fixedBody(bytes, length: length)
            case .chunkSize, .chunkData, .chunkDataEnd, .trailers:
                guard try chunkedStep(bytes) else { return nil }
                if case .requestLine = state {
                    let body = chunkedBody
                    chunkedBody = []
                    return complete(body: body)
                }
            case .failed(let error):
                throw error
            }
        }
    }

    /// Ends the current request and resets per-request state.
    mutating func complete(body: [UInt8]) -> HTTPParserEvent {
        state = .requestLine
        sectionBytes = 0
        scanIndex = readIndex
        bodyLimit = defaultBodyLimit
        return .complete(body: body)
    }

    /// Drops consumed bytes before new ones are appended: everything when all
    /// is consumed, otherwise the consumed prefix once it is large and at
    /// least half of the buffer (so the memmove is amortized). Field lines
    /// of an unfinished head stay: they are copied out when it completes.
    private mutating func compact() {
        var keep = readIndex
        if case .fields = state { keep = pending.fieldsStart }
        guard keep > 0 else { return }
        if keep == buffer.count {
            if buffer.capacity > 64 * 1024 {
                buffer = []
            } else {
                buffer.removeAll(keepingCapacity: true)
            }
        } else if keep >= 4096, keep >= buffer.count - keep {
            buffer.removeSubrange(0..<keep)
        } else {
            return
        }
        readIndex -= keep
        scanIndex -= keep
        if case .fields = state { pending.fieldsStart -= keep }
    }
}
