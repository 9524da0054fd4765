import Foundation

/// A `wss://` echo server for one connection: Python's `ssl` module with a
/// hand-written RFC 6455 echo, behind a self-signed certificate for
/// `localhost` made with the `openssl` CLI. The test trusts exactly that
/// certificate (`TLSOptions.caFile`), so verification stays on.
final class TLSEchoServer: @unchecked Sendable {
    let directory: URL
    let certificate: String
    let port: Int
    private let process: Process

    static let script = #"""
import base64, hashlib, socket, ssl, struct, sys
cert, key = sys.argv[1], sys.argv[2]
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(cert, key)
listener = socket.socket()
listener.bind(("127.0.0.1", 0))
listener.listen(1)
print(listener.getsockname()[1], flush=True)
raw, _ = listener.accept()
conn = context.wrap_socket(raw, server_side=True)
data = b""
while b"\r\n\r\n" not in data:
    data += conn.recv(4096)
head, data = data.split(b"\r\n\r\n", 1)
key = [l.split(b":", 1)[1].strip() for l in head.split(b"\r\n") if l.lower().startswith(b"sec-websocket-key:")][0]
accept = base64.b64encode(hashlib.sha1(key + b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11").digest())
conn.sendall(b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " + accept + b"\r\n\r\n")
def read(n):
    global data
    while len(data) < n:
        chunk = conn.recv(4096)
        if not chunk:
            sys.exit(0)
        data += chunk
    out, data = data[:n], data[n:]
    return out
while True:
    b1, b2 = read(2)
    length = b2 & 0x7F
    if length == 126:
        length = struct.unpack("!H", read(2))[0]
    mask = read(4)
    payload = bytes(b ^ mask[i % 4] for i, b in enumerate(read(length)))
    opcode = b1 & 0x0F
    if opcode == 8:
        conn.sendall(bytes([0x88, len(payload)]) + payload)
        break
    if opcode == 1:
        conn.sendall(bytes([0x81, 126]) + struct.pack("!H", len(payload)) + payload if len(payload) > 125 else bytes([0x81, len(payload)]) + payload)
conn.close()
"""#

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("outbound-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        certificate = directory.appendingPathComponent("cert.pem").path
        let key = directory.appendingPathComponent("key.pem").path
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        openssl.arguments = ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                             "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost", "-days", "1",
                             "-keyout", key, "-out", certificate]
        openssl.standardError = FileHandle.nullDevice
        try openssl.run()
        openssl.waitUntilExit()
        let scriptPath = directory.appendingPathComponent("server.py").path
        try Self.script.write(toFile: scriptPath, atomically: true, encoding: .utf8)
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", scriptPath, certificate, key]
        let output = Pipe()
        process.standardOutput = output
        // The untrusted-certificate test makes the handshake fail on purpose.
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }

    func stop() {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: directory)
    }
}
