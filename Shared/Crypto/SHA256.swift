/// SHA-256 (FIPS 180-4 §6.2), as a streaming hasher.
///
/// Feed the message in any number of `update` calls, then `finalize()`:
///
///     var hasher = SHA256()
///     hasher.update(header)
///     hasher.update(body)
///     let digest = hasher.finalize()   // 32 bytes
///
/// Whole 64-byte blocks are compressed straight out of the caller's buffer;
/// only a trailing partial block is copied (into `pending`) to wait for more
/// input. The chaining value lives in a `SIMD8<UInt32>`, so a hasher is a
/// plain value with no heap storage until a partial block has to be kept.
public struct SHA256: Sendable {
    /// Size of a digest in bytes (FIPS 180-4 §1, Figure 1: 256 bits).
    public static let digestByteCount = 32
    /// Size of a message block in bytes (FIPS 180-4 §1, Figure 1: 512 bits).
    public static let blockByteCount = 64

    /// H(0), the initial hash value (FIPS 180-4 §5.3.3).
    private static let initialHash = SIMD8<UInt32>(
        0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a,
        0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19
    )

    /// The current hash value H(i) (FIPS 180-4 §6.2.2 step 4).
    private var hash: SIMD8<UInt32>
    /// Bytes of an incomplete block, always fewer than `blockByteCount`.
    private var pending: [UInt8]
    /// Message length so far; the length field is modulo 2^64 bits (§5.1.1).
    private var messageByteCount: UInt64

    public init() {
        hash = Self.initialHash
        pending = []
        messageByteCount = 0
    }

    /// Hashes `bytes` in one call.
    public static func hash(_ bytes: some Collection<UInt8>) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// Appends `bytes` to the message. Uses the collection's contiguous
    /// storage when it has one (arrays, slices, `String.UTF8View` of a native
    /// string) and copies it into an array otherwise.
    public mutating func update(_ bytes: some Collection<UInt8>) {
        let handled: Void? = bytes.withContiguousStorageIfAvailable { buffer in
            update(UnsafeRawBufferPointer(buffer))
        }
        if handled == nil {
            Array(bytes).withUnsafeBytes { update($0) }
        }
    }

    /// Appends `bytes` to the message.
    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// Appends `bytes` to the message; the fast path every other overload
    /// ends up in.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        messageByteCount &+= UInt64(bytes.count)
        var offset = 0

        if !pending.isEmpty {
            let take = min(Self.blockByteCount - pending.count, bytes.count)
            pending.append(contentsOf: UnsafeRawBufferPointer(start: base, count: take))
            offset = take
            guard pending.count == Self.blockByteCount else { return }
            pending.withUnsafeBytes { block in
                SHA256Compression.compress(&hash, blocks: block.baseAddress!, count: 1)
            }
            pending.removeAll(keepingCapacity: true)
        }

        let blockCount = (bytes.count - offset) / Self.blockByteCount
        if blockCount > 0 {
            SHA256Compression.compress(&hash, blocks: base + offset, count: blockCount)
            offset += blockCount * Self.blockByteCount
        }
        if offset < bytes.count {
            pending.append(contentsOf: UnsafeRawBufferPointer(start: base + offset, count: bytes.count - offset))
        }
    }

    /// Pads the message (FIPS 180-4 §5.1.1), processes the last block(s) and
    /// returns the 32-byte digest H(N) in big-endian order (§6.2.2).
    ///
    /// The hasher is reset afterwards, so it can be reused for a new message.
    public mutating func finalize() -> [UInt8] {
        let bitLength = messageByteCount &* 8
        // A single 1 bit, then zeros up to 56 mod 64 bytes, then the 64-bit length.
        let zeroCount = (Self.blockByteCount + 55 - pending.count) % Self.blockByteCount
        var padding = [UInt8](repeating: 0, count: 1 + zeroCount + 8)
        padding[0] = 0x80
        for index in 0..<8 {
            padding[padding.count - 1 - index] = UInt8(truncatingIfNeeded: bitLength >> (8 * index))
        }
        update(padding)

        var digest = [UInt8](repeating: 0, count: Self.digestByteCount)
        for word in 0..<8 {
            let value = hash[word]
            digest[4 * word] = UInt8(truncatingIfNeeded: value >> 24)
            digest[4 * word + 1] = UInt8(truncatingIfNeeded: value >> 16)
            digest[4 * word + 2] = UInt8(truncatingIfNeeded: value >> 8)
            digest[4 * word + 3] = UInt8(truncatingIfNeeded: value)
        }
        self = SHA256()
        return digest
    }
}
