import Foundation
import Glibc
import Synchronization

/// A blocking TCP server on 127.0.0.1 with one thread per connection: the
/// peer the client tests talk to. `handler` gets the connected descriptor;
/// the server closes it when the handler returns.
final class TestServer: @unchecked Sendable {
    let port: Int
    private let listenFD: Int32
    private let stopped = Mutex(false)

    init(handler: @escaping @Sendable (Int32) -> Void) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard bound == 0, listen(fd, 2048) == 0 else { throw POSIXError(.EADDRINUSE) }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        listenFD = fd
        let thread = Thread { [self] in
            while true {
                let client = accept(fd, nil, nil)
                if client < 0 {
                    if errno == EINTR { continue }
                    return
                }
                if self.stopped.withLock({ $0 }) {
                    close(client)
                    return
                }
                Thread {
                    handler(client)
                    close(client)
                }.start()
            }
        }
        thread.start()
    }

    func stop() {
        stopped.withLock { $0 = true }
        shutdown(listenFD, Int32(SHUT_RDWR))
        close(listenFD)
    }

    var baseURL: String { "http://127.0.0.1:\(port)" }
}

/// Blocking helpers for handlers.
enum Wire {
    static func write(_ fd: Int32, _ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent < 0 && errno == EINTR { continue }
            if sent <= 0 { return }
            offset += sent
        }
    }

    static func write(_ fd: Int32, _ text: String) { write(fd, Array(text.utf8)) }

    /// Some bytes, or nil at EOF / error. A signal landing on this thread
    /// (the test process runs many suites at once) retries instead of
    /// reading as EOF, which the client would see as an empty reply.
    static func read(_ fd: Int32) -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: 65536)
        var count: Int
        repeat {
            count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        } while count < 0 && errno == EINTR
        return count > 0 ? Array(buffer[0..<count]) : nil
    }

    /// Reads up to the end of a head (`\r\n\r\n`); returns the head text and
    /// the bytes after it.
    static func readHead(_ fd: Int32) -> (head: String, rest: [UInt8])? {
        var data: [UInt8] = []
        let marker: [UInt8] = [13, 10, 13, 10]
        while true {
            if let end = find(marker, in: data) {
                return (String(decoding: data[..<end], as: UTF8.self), Array(data[(end + 4)...]))
            }
            guard let more = read(fd) else { return nil }
            data += more
        }
    }

    /// Blocks until the peer closes.
    static func drainUntilClosed(_ fd: Int32) {
        while read(fd) != nil {}
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for index in 0...(haystack.count - needle.count) where Array(haystack[index..<index + needle.count]) == needle {
            return index
        }
        return nil
    }

    /// The value of header `name` in a head's text, case-insensitively.
    static func header(_ name: String, in head: String) -> String? {
        for line in head.split(separator: "\r\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            if line[..<colon].lowercased() == name.lowercased() {
                return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
        }
        return nil
    }
}
