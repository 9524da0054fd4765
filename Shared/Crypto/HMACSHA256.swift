/// HMAC (RFC 2104) instantiated with SHA-256, as used by JWS "HS256"
/// (RFC 7518 §3.2) and tested against RFC 4231.
public enum HMACSHA256 {
    /// Size of the authentication code in bytes (the SHA-256 output, L = 32).
    public static let byteCount = SHA256.digestByteCount

    /// Computes H(K XOR opad, H(K XOR ipad, text)) (RFC 2104 §2).
    ///
    /// A key longer than the 64-byte block size B is first replaced by its
    /// SHA-256 digest; every key is then zero-padded to B bytes (RFC 2104 §2,
    /// step 1). RFC 2104 §3 recommends keys of at least L = 32 bytes.
    public static func authenticationCode(key: [UInt8], message: some Collection<UInt8>) -> [UInt8] {
        let blockKey = paddedKey(key)

        var inner = SHA256()
        inner.update(blockKey.map { $0 ^ 0x36 })  // ipad
        inner.update(message)
        let innerDigest = inner.finalize()

        var outer = SHA256()
        outer.update(blockKey.map { $0 ^ 0x5c })  // opad
        outer.update(innerDigest)
        return outer.finalize()
    }

    /// K, hashed if longer than B and zero-padded to B bytes (RFC 2104 §2).
    private static func paddedKey(_ key: [UInt8]) -> [UInt8] {
        var blockKey = key.count > SHA256.blockByteCount ? SHA256.hash(key) : key
        blockKey.append(contentsOf: repeatElement(0, count: SHA256.blockByteCount - blockKey.count))
        return blockKey
    }
}
