import Crypto
import Glibc

/// A secret that is taken from the environment when given, otherwise read
/// from (or created once in) a 0600 file under `DATA_DIR`, so tokens and the
/// admin key survive restarts without ever being world-readable.
public enum SecretFile {
    public struct Loaded: Sendable {
        public let value: String
        /// True when this call generated and wrote the file.
        public let created: Bool
    }

    /// `O_CREAT | O_EXCL` with mode 0600: if two processes race, one
    /// creates, the other reads what it wrote.
    public static func loadOrCreate(path: String, generate: () -> String) throws -> Loaded {
        if let existing = try read(path) { return Loaded(value: existing, created: false) }
        let value = generate()
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if fd < 0 {
            if errno == EEXIST, let existing = try read(path) { return Loaded(value: existing, created: false) }
            throw IOErrorDescription("create \(path)", errno)
        }
        defer { close(fd) }
        let bytes = Array((value + "\n").utf8)
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count, fsync(fd) == 0 else { throw IOErrorDescription("write \(path)", errno) }
        return Loaded(value: value, created: true)
    }

    static func read(_ path: String) throws -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw IOErrorDescription("open \(path)", errno)
        }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count <= 0 { break }
            bytes += chunk[0..<count]
            if bytes.count > 64 * 1024 { break }
        }
        let text = String(decoding: bytes, as: UTF8.self).trimmingWhitespace()
        return text.isEmpty ? nil : text
    }
}

extension String {
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[first...last])
    }
}
