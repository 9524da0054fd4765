import Glibc
import IO
import WebSocket

/// One subscriber: handshake, auth, subscribe, then note when the awaited
/// event arrives.
final class FanoutClient: StreamConnectionDelegate, @unchecked Sendable {
    enum Step { case handshake, authenticating, subscribing, ready, failed }

    let stream: StreamConnection
    private unowned let run: FanoutRun
    private var step = Step.handshake
    private var head: [UInt8] = []
    private var parser = WebSocketFrameParser(maxFramePayload: 1 << 20, expectMasked: false)
    private var maskKey: UInt32
    var receivedAt: UInt64?

    init(stream: StreamConnection, run: FanoutRun, index: Int) {
        self.stream = stream
        self.run = run
        maskKey = UInt32(truncatingIfNeeded: index &* 2_654_435_761) | 1
    }

    func connectionDidConnect(_ connection: StreamConnection) {}

    func sendHandshake(port: UInt16) {
        stream.write(Array(("GET /api/sessions/live HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nUpgrade: websocket\r\n"
            + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").utf8))
    }

    private func sendText(_ text: String) {
        maskKey = maskKey &* 1_103_515_245 &+ 12_345
        stream.write(WebSocketFrameEncoder.encodeMasked(opcode: .text, payload: Array(text.utf8), maskKey: maskKey))
    }

    func connection(_ connection: StreamConnection, didRead bytes: UnsafeRawBufferPointer) {
        if step == .handshake {
            head += bytes
            guard let end = head.firstRange(of: [13, 10, 13, 10] as [UInt8]) else { return }
            guard head.starts(with: Array("HTTP/1.1 101".utf8)) else { return fail() }
            step = .authenticating
            let rest = Array(head[end.upperBound...])
            head = []
            sendText(#"{"type":"auth","token":"\#(run.token)"}"#)
            if !rest.isEmpty { parser.append(rest) }
        } else {
            parser.append(bytes)
        }
        while true {
            guard let frame = try? parser.nextFrame() else { return }
            if frame.opcode == .ping {
                maskKey = maskKey &* 1_103_515_245 &+ 12_345
                stream.write(WebSocketFrameEncoder.encodeMasked(opcode: .pong, payload: frame.payload, maskKey: maskKey))
                continue
            }
            guard frame.opcode == .text else { continue }
            handle(frame.payload)
        }
    }

    private func handle(_ text: [UInt8]) {
        switch step {
        case .authenticating:
            guard contains(text, "auth_success") else { return fail() }
            step = .subscribing
            sendText(#"{"type":"subscribe","sessionId":\#(run.session)}"#)
        case .subscribing:
            if contains(text, "\"subscribed\"") {
                step = .ready
                run.clientReady()
            }
        case .ready:
            if receivedAt == nil, let marker = run.marker, contains(text, marker) {
                receivedAt = MonotonicClock.now()
                run.clientReceived()
            }
        case .handshake, .failed:
            break
        }
    }

    /// A plain byte search over unsafe buffers: the per-frame check must
    /// cost next to nothing, or the client, not the gateway, is what the
    /// benchmark measures.
    private func contains(_ bytes: [UInt8], _ text: String) -> Bool {
        var text = text
        return text.withUTF8 { needle in
            bytes.withUnsafeBufferPointer { haystack in
                guard needle.count <= haystack.count, let first = needle.first else { return false }
                var index = 0
                let last = haystack.count - needle.count
                while index <= last {
                    if haystack[index] == first
                        && memcmp(haystack.baseAddress! + index, needle.baseAddress!, needle.count) == 0 {
                        return true
                    }
                    index += 1
                }
                return false
            }
        }
    }

    private func fail() {
        step = .failed
        run.clientFailed()
        stream.close()
    }

    func connectionDidClose(_ connection: StreamConnection) {
        if step != .failed && step != .ready { run.clientFailed() }
    }
}
