import IO
import WebSocket

/// What a `WebSocketConnection` tells its owner, on the loop thread.
public protocol WebSocketConnectionDelegate: AnyObject {
    func webSocket(_ connection: WebSocketConnection, didReceiveText text: String)
    /// The connection is gone (closed by either side, dropped, or failed);
    /// the last call.
    func webSocketDidClose(_ connection: WebSocketConnection)
    /// The client fell more than `maxQueuedBytes` behind and is being
    /// dropped (1008); `discardedBytes` of its backlog were thrown away.
    func webSocketDidOverflow(_ connection: WebSocketConnection, discardedBytes: Int)
}

extension WebSocketConnectionDelegate {
    public func webSocketDidOverflow(_ connection: WebSocketConnection, discardedBytes: Int) {}
}

/// Limits of a server-side WebSocket connection, each one tested.
public struct WebSocketLimits: Sendable {
    /// A reassembled message beyond this closes with 1009 (RFC 6455 §7.4.1).
    public var maxMessageBytes = 1024 * 1024
    /// Outbound bytes queued for a client that does not read; beyond it the
    /// client is dropped (1008) so it cannot make the server's memory grow.
    public var maxQueuedBytes = 1024 * 1024
    /// A client silent this long (no frame at all, pongs included) is closed.
    public var idleTimeoutMilliseconds = 60_000
    /// How long to wait for the peer's close frame after sending ours
    /// (and for a peer to take our last bytes when we close first).
    public var closeTimeoutMilliseconds = 2_000
    /// A client that has not authenticated within this is closed (1008).
    public var authTimeoutMilliseconds = 10_000
    /// Messages before authentication are small (`auth`, `ping`): beyond
    /// this one closes with 1009, so an anonymous client cannot make the
    /// server parse megabytes of JSON.
    public var maxUnauthenticatedMessageBytes = 4 * 1024
    /// Open WebSockets per gateway loop; handshakes beyond it get 503.
    public var maxConnections = 50_000

    public init() {}
}

/// Drives one server-side WebSocket over a `StreamConnection`: frames in
/// through the pure parser and assembler, frames out unmasked, pings
/// answered, the close handshake (RFC 6455 §5.5.1, §7.1) and every
/// protocol error mapped to its close code.
public final class WebSocketConnection: StreamConnectionDelegate, @unchecked Sendable {
    public let stream: StreamConnection
    public weak var delegate: (any WebSocketConnectionDelegate)?
    public let limits: WebSocketLimits
    private var parser: WebSocketFrameParser
    private var assembler: WebSocketMessageAssembler
    /// Monotonic time of the last frame received.
    public private(set) var lastReceived: UInt64
    private var closeSent = false
    private var finished = false

    public init(stream: StreamConnection, limits: WebSocketLimits) {
        self.stream = stream
        self.limits = limits
        parser = WebSocketFrameParser(maxFramePayload: limits.maxMessageBytes)
        assembler = WebSocketMessageAssembler(maxMessageBytes: limits.maxMessageBytes)
        lastReceived = stream.loop.now
        // Back-pressure is our own policy here (drop at maxQueuedBytes), not
        // StreamConnection's pause-reading, so its watermark sits above ours.
        stream.highWatermark = limits.maxQueuedBytes * 2
        stream.lowWatermark = limits.maxQueuedBytes
        stream.flushTimeoutMilliseconds = limits.closeTimeoutMilliseconds
    }

    /// The largest message accepted from now on (at most
    /// `limits.maxMessageBytes`); a larger one closes with 1009.
    public func setMessageLimit(_ bytes: Int) {
        let limit = min(max(bytes, 0), limits.maxMessageBytes)
        parser.maxFramePayload = limit
        assembler.maxMessageBytes = limit
    }

    /// Takes over the stream; `leftover` is what arrived after the handshake.
    public func start(leftover: [UInt8]) {
        stream.delegate = self
        stream.resumeReading()
        if !leftover.isEmpty {
            leftover.withUnsafeBytes { connection(stream, didRead: $0) }
        }
    }

    public var isOpen: Bool { !finished && !closeSent }

    // MARK: Sending

    public func send(text: String) {
        send(frame: WebSocketFrameEncoder.text(text))
    }

    /// Sends an already encoded frame (events are encoded once and shared).
    /// A client whose queue would pass `maxQueuedBytes` is dropped.
    public func send(frame: [UInt8]) {
        guard isOpen else { return }
        if stream.bufferedBytes + frame.count > limits.maxQueuedBytes {
            // Its backlog is thrown away at once (the memory is the point),
            // except a frame already partly on the wire; the close frame
            // goes right behind it, so a client that reads again learns why
            // (1008, RFC 6455 §7.4.1). One that never does is closed after
            // the close timeout all the same.
            closeSent = true
            let discarded = stream.discardUnsentWrites()
            stream.write(WebSocketFrameEncoder.close(code: WebSocketCloseCode.policyViolation,
                                                     reason: "Outbound queue overflow"))
            stream.closeAfterFlush()
            delegate?.webSocketDidOverflow(self, discardedBytes: discarded)
            return
        }
        stream.write(frame)
    }

    public func ping() {
        guard isOpen else { return }
        stream.write(WebSocketFrameEncoder.ping([]))
    }

    /// Starts the closing handshake; the socket closes when the peer answers
    /// or after `closeTimeoutMilliseconds`.
    public func close(code: UInt16, reason: String = "") {
        guard isOpen else { return }
        closeSent = true
        stream.write(WebSocketFrameEncoder.close(code: code, reason: reason))
        stream.loop.schedule(afterMilliseconds: limits.closeTimeoutMilliseconds) { [weak self] in
            self?.finish()
        }
    }

    private func finish() {
        guard !finished else { return }
        finished = true
        stream.close()
    }

    // MARK: Receiving

    public func connection(_ connection: StreamConnection, didRead bytes: UnsafeRawBufferPointer) {
        lastReceived = stream.loop.now
        parser.append(bytes)
        while !finished {
            do throws(WebSocketProtocolError) {
                guard let frame = try parser.nextFrame() else { return }
                guard let event = try assembler.process(frame) else { continue }
                handle(event)
            } catch {
                failProtocol(error)
                return
            }
        }
    }

    private func handle(_ event: WebSocketEvent) {
        switch event {
        case .text(let text):
            if !closeSent { delegate?.webSocket(self, didReceiveText: text) }
        case .binary:
            close(code: WebSocketCloseCode.unsupportedData, reason: "Binary messages are not supported")
        case .ping(let payload):
            if !closeSent { stream.write(WebSocketFrameEncoder.pong(payload)) }
        case .pong:
            break
        case .close(let code, _):
            if closeSent {
                // Our close was answered: the handshake is complete.
                finish()
            } else {
                // Echo the peer's code (§5.5.1), then close once it is sent.
                closeSent = true
                stream.write(WebSocketFrameEncoder.close(code: code ?? WebSocketCloseCode.normal))
                stream.closeAfterFlush()
            }
        }
    }

    private func failProtocol(_ error: WebSocketProtocolError) {
        guard !closeSent else { return finish() }
        closeSent = true
        stream.write(WebSocketFrameEncoder.close(code: error.closeCode, reason: error.reason))
        stream.closeAfterFlush()
    }

    public func connectionDidReadEOF(_ connection: StreamConnection) {
        finish()
    }

    public func connectionDidClose(_ connection: StreamConnection) {
        finished = true
        closeSent = true
        delegate?.webSocketDidClose(self)
    }
}
