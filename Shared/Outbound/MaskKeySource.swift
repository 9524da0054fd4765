import Crypto

/// Masking keys for client frames (RFC 6455 §5.3): "a fresh masking key
/// MUST be chosen for each frame … derived from a strong source of
/// entropy" (§10.3: so a script cannot predict the bytes on the wire and
/// poison an intermediary's cache). Drawn from the kernel CSPRNG 256 bytes
/// at a time, so a frame costs no system call.
struct MaskKeySource {
    private var pool: [UInt8] = []
    private var index = 0

    mutating func next() -> UInt32 {
        if index + 4 > pool.count {
            pool = SecureRandom.bytes(256)
            index = 0
        }
        defer { index += 4 }
        return UInt32(pool[index]) << 24 | UInt32(pool[index + 1]) << 16
            | UInt32(pool[index + 2]) << 8 | UInt32(pool[index + 3])
    }
}
