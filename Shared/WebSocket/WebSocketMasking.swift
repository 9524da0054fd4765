/// Client-to-server masking (RFC 6455 §5.3): octet `i` of the payload is
/// XORed with octet `i mod 4` of the 32-bit masking key. The same operation
/// masks and unmasks.
///
/// Keys are `UInt32` values whose big-endian bytes are the key as sent on the
/// wire: the §5.7 example key `37 fa 21 3d` is `0x37fa_213d`.
enum WebSocketMasking {
    /// XORs `bytes` in place with `key`, starting at key octet 0.
    ///
    /// Eight bytes at a time: the key is repeated into a 64-bit word laid out
    /// in memory in wire order, so the XOR is endian-independent; the tail of
    /// fewer than eight bytes goes byte by byte.
    static func apply(key: UInt32, to bytes: UnsafeMutableRawBufferPointer) {
        let keyBytes: (UInt8, UInt8, UInt8, UInt8) = (
            UInt8(truncatingIfNeeded: key >> 24), UInt8(truncatingIfNeeded: key >> 16),
            UInt8(truncatingIfNeeded: key >> 8), UInt8(truncatingIfNeeded: key)
        )
        var word: UInt64 = 0
        withUnsafeMutableBytes(of: &word) { raw in
            raw[0] = keyBytes.0; raw[1] = keyBytes.1; raw[2] = keyBytes.2; raw[3] = keyBytes.3
            raw[4] = keyBytes.0; raw[5] = keyBytes.1; raw[6] = keyBytes.2; raw[7] = keyBytes.3
        }
        let count = bytes.count
        var offset = 0
        while offset + 8 <= count {
            let value = bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            bytes.storeBytes(of: value ^ word, toByteOffset: offset, as: UInt64.self)
            offset += 8
        }
        while offset < count {
            let keyByte: UInt8
            switch offset & 3 {
            case 0: keyByte = keyBytes.0
            case 1: keyByte = keyBytes.1
            case 2: keyByte = keyBytes.2
            default: keyByte = keyBytes.3
            }
            bytes[offset] ^= keyByte
            offset += 1
        }
    }

    /// `bytes` masked with `key`.
    static func applied(key: UInt32, to bytes: [UInt8]) -> [UInt8] {
        var result = bytes
        result.withUnsafeMutableBytes { apply(key: key, to: $0) }
        return result
    }
}
