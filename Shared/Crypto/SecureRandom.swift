import CSystemLinux
import Glibc

/// Cryptographically secure random bytes from the kernel CSPRNG, for
/// session tokens, request ids and JWT secrets.
public enum SecureRandom {
    /// `count` bytes from getrandom(2) with no flags: the urandom source,
    /// which blocks only until the pool is first initialised at boot.
    ///
    /// getrandom may return fewer bytes than asked (requests over 256 bytes
    /// can be interrupted by a signal) or fail with EINTR; both are retried
    /// until the buffer is full. Any other error (ENOSYS on a pre-3.17
    /// kernel, EFAULT, EINVAL) means the process cannot get secure
    /// randomness at all, so it traps rather than fall back to something
    /// weaker.
    public static func bytes(_ count: Int) -> [UInt8] {
        precondition(count >= 0, "SecureRandom.bytes: negative count \(count)")
        return [UInt8](unsafeUninitializedCapacity: count) { buffer, initializedCount in
            var filled = 0
            while filled < count {
                let result = getrandom(buffer.baseAddress! + filled, count - filled, 0)
                if result < 0 {
                    let code = errno
                    if code == EINTR { continue }
                    fatalError("getrandom(2) failed with errno \(code)")
                }
                filled += result
            }
            initializedCount = count
        }
    }

    /// `byteCount` random bytes as lowercase hex (`2 * byteCount` characters).
    /// 16 bytes gives 128 bits, enough for an unguessable token.
    public static func hexToken(byteCount: Int) -> String {
        Hex.encode(bytes(byteCount))
    }

    /// A random (version 4) UUID, e.g. `"919108f7-52d1-4320-9bac-f847db4148a8"`.
    public static func uuidV4() -> String {
        uuidV4(randomBytes: bytes(16))
    }

    /// Formats 16 random bytes as a version 4 UUID (RFC 9562 §5.4): the
    /// version nibble (byte 6, high 4 bits) is set to 0b0100 and the variant
    /// (byte 8, high 2 bits) to 0b10 (§4.1), leaving 122 random bits. The
    /// text is the 8-4-4-4-12 hex form of §4, in lowercase.
    static func uuidV4(randomBytes: [UInt8]) -> String {
        precondition(randomBytes.count == 16, "a UUID has 16 bytes")
        var bytes = randomBytes
        bytes[6] = bytes[6] & 0x0f | 0x40
        bytes[8] = bytes[8] & 0x3f | 0x80
        return [0..<4, 4..<6, 6..<8, 8..<10, 10..<16]
            .map { Hex.encode(bytes[$0]) }
            .joined(separator: "-")
    }
}
