import Synchronization
import WebSocket

/// The server half of a WebSocket, written the simple blocking way, with
/// deliberate misbehaviours for the client's failure paths.
struct WebSocketTestPeer: Sendable {
    enum Mode: Sendable {
        /// Pings once, then echoes text messages until the client closes.
        case echo
        /// Answers the handshake with a wrong `Sec-WebSocket-Accept`.
        case badAccept
        /// Sends a masked frame, which servers must never do (§5.1).
        case maskedFrame
    }

    /// What the peer saw, for the test to check.
    final class Observations: Sendable {
        let requestHead = Mutex<String?>(nil)
        let closeCode = Mutex<UInt16?>(nil)
        let pong = Mutex<[UInt8]?>(nil)
        /// Masking keys of the client frames, in order (raw wire bytes).
        let maskKeys = Mutex<[[UInt8]]>([])
    }

    let mode: Mode
    let observations = Observations()
    /// Sent right after the 101, in the same write (leftover-bytes test).
    var firstMessage: String?

    func serve(_ fd: Int32) {
        guard let (head, rest) = Wire.readHead(fd) else { return }
        observations.requestHead.withLock { $0 = head }
        let key = Wire.header("Sec-WebSocket-Key", in: head) ?? ""
        let accept = mode == .badAccept ? WebSocketHandshake.acceptKey(for: "not the key") : WebSocketHandshake.acceptKey(for: key)
        var response = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        response += "Sec-WebSocket-Accept: \(accept)\r\n"
        if let offered = Wire.header("Sec-WebSocket-Protocol", in: head) {
            response += "Sec-WebSocket-Protocol: \(offered.split(separator: ",")[0])\r\n"
        }
        response += "\r\n"
        var bytes = Array(response.utf8)
        if let firstMessage { bytes += WebSocketFrameEncoder.text(firstMessage) }
        switch mode {
        case .badAccept:
            Wire.write(fd, bytes)
            Wire.drainUntilClosed(fd)
            return
        case .maskedFrame:
            bytes += WebSocketFrameEncoder.encodeMasked(opcode: .text, payload: Array("hi".utf8), maskKey: 0x1234_5678)
        case .echo:
            bytes += WebSocketFrameEncoder.ping(Array("are you there".utf8))
        }
        Wire.write(fd, bytes)
        echo(fd, initial: rest)
    }

    /// Reads client frames (which must be masked) and answers them.
    private func echo(_ fd: Int32, initial: [UInt8]) {
        var parser = WebSocketFrameParser(maxFramePayload: 1 << 20, expectMasked: true)
        var pending = initial
        while true {
            recordMaskKeys(&pending)
            parser.append(pending)
            pending = []
            do {
                while let frame = try parser.nextFrame() {
                    switch frame.opcode {
                    case .text:
                        Wire.write(fd, WebSocketFrameEncoder.text(String(decoding: frame.payload, as: UTF8.self)))
                    case .pong:
                        observations.pong.withLock { $0 = frame.payload }
                    case .close:
                        let code = frame.payload.count >= 2 ? UInt16(frame.payload[0]) << 8 | UInt16(frame.payload[1]) : 1005
                        observations.closeCode.withLock { $0 = code }
                        Wire.write(fd, WebSocketFrameEncoder.encode(opcode: .close, payload: frame.payload))
                        Wire.drainUntilClosed(fd)
                        return
                    default:
                        break
                    }
                }
            } catch {
                return
            }
            guard let more = Wire.read(fd) else { return }
            pending = more
        }
    }

    /// Walks whole small frames in `bytes` (< 126-byte payloads, one read
    /// each in these tests) and notes their masking keys.
    private func recordMaskKeys(_ bytes: inout [UInt8]) {
        var index = 0
        while index + 6 <= bytes.count, bytes[index + 1] & 0x80 != 0, bytes[index + 1] & 0x7F < 126 {
            let length = Int(bytes[index + 1] & 0x7F)
            let key = Array(bytes[(index + 2)..<(index + 6)])
            observations.maskKeys.withLock { $0.append(key) }
            index += 6 + length
        }
    }
}
