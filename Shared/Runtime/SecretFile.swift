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

    /// Writes a temporary 0600 file, fsyncs it, then link(2)s it into place:
    /// the secret appears whole or not at all, and if two processes race,
    /// the loser's link fails with EEXIST and it reads the winner's value.
    public static func loadOrCreate(path: String, generate: () -> String) throws -> Loaded {
        if let existing = try read(path) { return Loaded(value: existing, created: false) }
        let value = generate()
        let temporary = "\(path).\(getpid()).tmp"
        // A leftover from a crashed run with the same pid goes first; then
        // O_EXCL|O_NOFOLLOW: never write through a planted file or symlink.
        unlink(temporary)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw IOErrorDescription("create \(temporary)", errno) }
        defer { unlink(temporary) }
        let bytes = Array((value + "\n").utf8)
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        let synced = fsync(fd) == 0
        close(fd)
        guard written == bytes.count, synced else { throw IOErrorDescription("write \(temporary)", errno) }
        if link(temporary, path) != 0 {
            if errno == EEXIST, let existing = try read(path) { return Loaded(value: existing, created: false) }
            throw IOErrorDescription("link \(path)", errno)
        }
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
