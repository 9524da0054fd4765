import Crypto
import HTTP
import IO
import WebSocket

/// A `ws://` / `wss://` client connection (RFC 6455 client side) on a
/// `CurlDriver`'s loop.
///
/// Transport: libcurl opens TCP and TLS (`CurlConnection`, CONNECT_ONLY);
/// then the socket is registered with the loop and bytes move through
/// `curl_easy_send`/`curl_easy_recv`. Protocol: ours — the opening
/// handshake (`WebSocketClientHandshake`, response head parsed by
/// `HTTPResponseHeadParser`), masked client frames with a fresh key each
/// (§5.3), server frames through `WebSocketFrameParser(expectMasked:
/// false)` (a masked server frame fails the connection with 1002, §5.1) and
/// `WebSocketMessageAssembler` (fragmentation §5.4, UTF-8 §8.1), Ping →
/// Pong (§5.5.2), and the close handshake (§5.5.1, §7).
///
/// `onClose` is called exactly once, last: with the server's code after a
/// close handshake, with the code we sent when we failed the connection
/// (1002, 1007, 1009), or with 1006 (§7.1.5: no Close received) and an
/// error for transport failures and timeouts.
///
/// Loop-confined: create, use and close it on the driver's loop. The
/// connection keeps itself alive (the driver or the loop holds it) until
/// `onClose`.
public final class WebSocketClient: IOHandler {
    public enum State: Sendable, Equatable { case idle, connecting, handshaking, open, closing, closed }

    public let driver: CurlDriver
    public let options: WebSocketClientOptions
    public let urlString: String
    public private(set) var state: State = .idle
    /// The subprotocol the server chose, once open.
    public private(set) var subprotocol: String?

    public var onOpen: ((String?) -> Void)?
    public var onText: ((String) -> Void)?
    public var onBinary: (([UInt8]) -> Void)?
    public var onClose: ((UInt16, String, OutboundError?) -> Void)?

    private var loop: EventLoop { driver.loop }
    private var connection: CurlConnection?
    private var registration: Registration?
    private var interest: IOEvents = []
    private var key = ""
    private var headParser = HTTPResponseHeadParser()
    private var frameParser: WebSocketFrameParser
    private var assembler: WebSocketMessageAssembler
    private var masks = MaskKeySource()
    private var outbound: [[UInt8]] = []
    private var outboundHeadOffset = 0
    /// Bytes queued and not yet taken by the socket.
    public private(set) var queuedBytes = 0
    private var closeSent = false
    private var deadline: TimerID?
    private var idleTimer: TimerID?
    private var lastReceivedAt: UInt64 = 0
    /// Reads per readiness before yielding to other work on the loop.
    private static let readsPerWakeup = 16

    public init(url: String, options: WebSocketClientOptions = WebSocketClientOptions(), driver: CurlDriver) {
        self.urlString = url
        self.options = options
        self.driver = driver
        frameParser = WebSocketFrameParser(maxFramePayload: options.maxMessageBytes, expectMasked: false)
        assembler = WebSocketMessageAssembler(maxMessageBytes: options.maxMessageBytes)
    }

    /// Creates the connection, sets the callbacks and starts connecting.
    @discardableResult
    public static func connect(
        url: String, options: WebSocketClientOptions = WebSocketClientOptions(), driver: CurlDriver,
        onOpen: ((String?) -> Void)? = nil, onText: ((String) -> Void)? = nil,
        onClose: ((UInt16, String, OutboundError?) -> Void)? = nil
    ) -> WebSocketClient {
        let client = WebSocketClient(url: url, options: options, driver: driver)
        client.onOpen = onOpen
        client.onText = onText
        client.onClose = onClose
        client.connect()
        return client
    }

    /// Starts connecting; call once, after setting the callbacks. Failures,
    /// even immediate ones, arrive through `onClose`, never inside this call.
    public func connect() {
        guard state == .idle else { return }
        state = .connecting
        guard let url = WebSocketURL(urlString) else {
            return failSoon(OutboundError(.setup, "not a ws:// or wss:// URL: \(urlString)"))
        }
        guard let connection = CurlConnection(url: url.transportURL,
                                              connectTimeoutMilliseconds: options.connectTimeoutMilliseconds,
                                              tls: options.tls, driver: driver)
        else { return failSoon(OutboundError(.setup, "could not set up the connection to \(urlString)")) }
        self.connection = connection
        connection.onConnected = { [self] result in
            switch result {
            case .success(let socket): connected(socket: socket, url: url)
            case .failure(let error): finish(code: WebSocketCloseCode.abnormal, reason: "", error: error)
            }
        }
        deadline = loop.schedule(afterMilliseconds: options.connectTimeoutMilliseconds) { [weak self] in
            guard let self else { return }
            deadline = nil
            finish(code: WebSocketCloseCode.abnormal, reason: "",
                   error: OutboundError(.timeout, "WebSocket connection to \(urlString) not open after "
                                        + "\(options.connectTimeoutMilliseconds) ms"))
        }
        guard driver.add(connection) else {
            return failSoon(OutboundError(.setup, "could not start the connection to \(urlString)"))
        }
    }

    // MARK: Sending

    /// Queues a text message. False (and nothing queued) unless open, or
    /// when the queue would pass `maxQueuedBytes`.
    @discardableResult
    public func send(text: String) -> Bool {
        sendMessage(.text, Array(text.utf8))
    }

    /// Queues a binary message; see `send(text:)`.
    @discardableResult
    public func send(binary: [UInt8]) -> Bool {
        sendMessage(.binary, binary)
    }

    private func sendMessage(_ opcode: WebSocketOpcode, _ payload: [UInt8]) -> Bool {
        guard state == .open, queuedBytes + payload.count + 14 <= options.maxQueuedBytes else { return false }
        enqueue(WebSocketFrameEncoder.encodeMasked(opcode: opcode, payload: payload, maskKey: masks.next()))
        flush()
        return true
    }

    /// Starts the close handshake (§5.5.1, §7.1.2): sends Close with `code`
    /// and `reason`, then waits up to `closeTimeoutMilliseconds` for the
    /// server's. Before the connection is open it just aborts; `onClose`
    /// then reports `code`.
    public func close(code: UInt16 = WebSocketCloseCode.normal, reason: String = "") {
        switch state {
        case .idle, .connecting, .handshaking:
            finish(code: code, reason: reason, error: nil)
        case .open:
            state = .closing
            sendClose(code: code, reason: reason)
            armDeadline(options.closeTimeoutMilliseconds) { [weak self] in
                self?.finish(code: WebSocketCloseCode.abnormal, reason: "",
                             error: OutboundError(.timeout, "no Close from the server"))
            }
        case .closing, .closed:
            break
        }
    }

    private func sendClose(code: UInt16?, reason: String) {
        guard !closeSent else { return }
        closeSent = true
        let payload = code.map { WebSocketClosePayload.encode(code: $0, reason: reason) } ?? []
        enqueue(WebSocketFrameEncoder.encodeMasked(opcode: .close, payload: payload, maskKey: masks.next()))
        flush()
    }

    private func enqueue(_ bytes: [UInt8]) {
        outbound.append(bytes)
        queuedBytes += bytes.count
    }

    /// Sends what the socket takes now; asks for write readiness otherwise.
    private func flush() {
        guard let connection, registration != nil else { return }
        while let head = outbound.first {
            let result = head.withUnsafeBytes { connection.send(UnsafeRawBufferPointer(rebasing: $0[outboundHeadOffset...])) }
            switch result {
            case .bytes(let count):
                outboundHeadOffset += count
                queuedBytes -= count
                if outboundHeadOffset == head.count {
                    outbound.removeFirst()
                    outboundHeadOffset = 0
                }
            case .again, .eof:
                updateInterest()
                return
            case .failed(let message):
                return finish(code: WebSocketCloseCode.abnormal, reason: "", error: OutboundError(.network, message))
            }
        }
        updateInterest()
    }

    private func updateInterest() {
        guard let registration else { return }
        let wanted: IOEvents = outbound.isEmpty ? .read : [.read, .write]
        guard wanted != interest else { return }
        loop.reregister(registration, events: wanted)
        interest = wanted
    }

    // MARK: Connecting

    private func connected(socket: Int32, url: WebSocketURL) {
        driver.forgetSocket(socket)
        do {
            registration = try loop.register(fd: socket, events: .read, handler: self)
            interest = .read
        } catch {
            return finish(code: WebSocketCloseCode.abnormal, reason: "",
                          error: OutboundError(.network, "cannot watch the connection: \(error)"))
        }
        state = .handshaking
        key = WebSocketClientHandshake.key(nonce: SecureRandom.bytes(16))
        lastReceivedAt = loop.now
        enqueue(WebSocketClientHandshake.request(url: url, key: key, subprotocols: options.subprotocols,
                                                 extra: options.headers))
        flush()
    }

    // MARK: Receiving

    public func handleIO(_ events: IOEvents) {
        if events.contains(.write) { flush() }
        guard state != .closed else { return }
        if !events.isDisjoint(with: [.read, .hangup, .error]) { readAvailable() }
    }

    /// Reads until libcurl says `CURLE_AGAIN`. TLS can hold decrypted bytes
    /// that epoll knows nothing about, so stopping early would strand them;
    /// after `readsPerWakeup` reads the rest continues in a fresh loop turn
    /// so one busy connection cannot starve the others.
    private func readAvailable() {
        guard let connection else { return }
        let buffer = loop.readBuffer
        for _ in 0..<Self.readsPerWakeup {
            switch connection.receive(into: buffer) {
            case .bytes(let count):
                received(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
                guard state != .closed else { return }
            case .again:
                return
            case .eof:
                return finish(code: WebSocketCloseCode.abnormal, reason: "",
                              error: OutboundError(.network, "connection closed by the server without a Close frame"))
            case .failed(let message):
                return finish(code: WebSocketCloseCode.abnormal, reason: "", error: OutboundError(.network, message))
            }
        }
        loop.schedule(afterMilliseconds: 0) { [weak self] in
            guard let self, state != .closed else { return }
            readAvailable()
        }
    }

    private func received(_ bytes: UnsafeRawBufferPointer) {
        lastReceivedAt = loop.now
        if state == .handshaking {
            headParser.append(bytes)
            let head: HTTPResponseHead
            do {
                guard let parsed = try headParser.parse() else { return }
                head = parsed
            } catch {
                return finish(code: WebSocketCloseCode.abnormal, reason: "",
                              error: OutboundError(.protocolViolation, "bad handshake response: \(error.reason)"))
            }
            switch WebSocketClientHandshake.validate(head, key: key, offered: options.subprotocols) {
            case .failure(let error):
                return finish(code: WebSocketCloseCode.abnormal, reason: "",
                              error: OutboundError(.protocolViolation, error.description))
            case .success(let chosen):
                opened(subprotocol: chosen)
                guard state == .open || state == .closing else { return }
                // Bytes after the head are the first frames (§4.1: the
                // server may send frames right after its 101).
                frameParser.append(headParser.takeRemainder())
            }
        } else {
            frameParser.append(bytes)
        }
        processFrames()
    }

    private func opened(subprotocol chosen: String?) {
        if let deadline { loop.cancel(deadline) }
        deadline = nil
        subprotocol = chosen
        state = .open
        armIdleTimer()
        onOpen?(chosen)
    }

    private func processFrames() {
        do {
            while state == .open || state == .closing, let frame = try frameParser.nextFrame() {
                guard let event = try assembler.process(frame) else { continue }
                handle(event)
            }
        } catch {
            // Fail the WebSocket Connection (§7.1.7): Close with the code, then close.
            sendClose(code: error.closeCode, reason: error.reason)
            finish(code: error.closeCode, reason: error.reason,
                   error: OutboundError(.protocolViolation, error.description))
        }
    }

    private func handle(_ event: WebSocketEvent) {
        switch event {
        case .text(let text):
            onText?(text)
        case .binary(let bytes):
            onBinary?(bytes)
        case .ping(let payload):
            guard !closeSent else { return }
            enqueue(WebSocketFrameEncoder.encodeMasked(opcode: .pong, payload: payload, maskKey: masks.next()))
            flush()
        case .pong:
            break
        case .close(let code, let reason):
            // §5.5.1: answer a Close with a Close (echoing the code), unless
            // ours went first; then the connection is closed (§7.1.4: 1005
            // when the frame had no code).
            sendClose(code: code, reason: "")
            finish(code: code ?? WebSocketCloseCode.noStatusReceived, reason: reason, error: nil)
        }
    }

    // MARK: Timers

    private func armDeadline(_ milliseconds: Int, _ body: @escaping () -> Void) {
        if let deadline { loop.cancel(deadline) }
        deadline = loop.schedule(afterMilliseconds: milliseconds) { [weak self] in
            self?.deadline = nil
            body()
        }
    }

    /// One timer per idle period, re-armed for the remainder when bytes
    /// arrived meanwhile, rather than one per read.
    private func armIdleTimer() {
        guard let idle = options.idleTimeoutMilliseconds else { return }
        let elapsed = Int((loop.now &- lastReceivedAt) / 1_000_000)
        idleTimer = loop.schedule(afterMilliseconds: max(idle - elapsed, 1)) { [weak self] in
            guard let self, state != .closed else { return }
            idleTimer = nil
            let silent = Int((MonotonicClock.now() &- lastReceivedAt) / 1_000_000)
            if silent >= idle {
                sendClose(code: WebSocketCloseCode.goingAway, reason: "idle timeout")
                finish(code: WebSocketCloseCode.abnormal, reason: "",
                       error: OutboundError(.timeout, "nothing received for \(idle) ms"))
            } else {
                armIdleTimer()
            }
        }
    }

    // MARK: Ending

    private func failSoon(_ error: OutboundError) {
        loop.schedule(afterMilliseconds: 0) { [self] in
            finish(code: WebSocketCloseCode.abnormal, reason: "", error: error)
        }
    }

    /// The connection is closed: stop watching the socket before libcurl
    /// closes it, release everything, tell the owner once.
    private func finish(code: UInt16, reason: String, error: OutboundError?) {
        guard state != .closed else { return }
        state = .closed
        if let deadline { loop.cancel(deadline) }
        if let idleTimer { loop.cancel(idleTimer) }
        deadline = nil
        idleTimer = nil
        if let registration { loop.deregister(registration) }
        registration = nil
        connection?.close()
        connection = nil
        outbound = []
        queuedBytes = 0
        let callback = onClose
        onOpen = nil
        onText = nil
        onBinary = nil
        onClose = nil
        callback?(code, reason, error)
    }
}
