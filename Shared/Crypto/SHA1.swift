/// SHA-1 (FIPS 180-4 §6.1).
///
/// Only for the WebSocket handshake, where RFC 6455 §4.2.2 fixes
/// `Sec-WebSocket-Accept` as base64(SHA-1(key + GUID)). SHA-1 is broken for
/// collision resistance; never use it for signatures, MACs or passwords.
/// The inputs it sees are a few dozen bytes, so it is one-shot and simple.
public enum SHA1 {
    /// Size of a digest in bytes (FIPS 180-4 §1, Figure 1: 160 bits).
    public static let digestByteCount = 20

    /// H(0), the initial hash value (FIPS 180-4 §5.3.1).
    private static let initialHash: [UInt32] = [0x6745_2301, 0xefcd_ab89, 0x98ba_dcfe, 0x1032_5476, 0xc3d2_e1f0]

    /// Returns the 20-byte SHA-1 digest of `bytes`.
    public static func hash(_ bytes: some Collection<UInt8>) -> [UInt8] {
        let message = padded(Array(bytes))
        var hash = initialHash
        var w = [UInt32](repeating: 0, count: 80)
        message.withUnsafeBytes { raw in
            for blockStart in stride(from: 0, to: raw.count, by: 64) {
                compress(&hash, block: raw.baseAddress! + blockStart, schedule: &w)
            }
        }
        var digest: [UInt8] = []
        digest.reserveCapacity(digestByteCount)
        for word in hash {
            digest.append(contentsOf: [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: word >> $0) })
        }
        return digest
    }

    /// Appends the padding of FIPS 180-4 §5.1.1: a 1 bit, zeros up to
    /// 448 mod 512 bits, then the message length in bits as 64-bit big-endian.
    private static func padded(_ message: [UInt8]) -> [UInt8] {
        let bitLength = UInt64(message.count) &* 8
        var result = message
        result.append(0x80)
        let zeroCount = (64 + 56 - result.count % 64) % 64
        result.append(contentsOf: repeatElement(0, count: zeroCount))
        for shift in stride(from: 56, through: 0, by: -8) {
            result.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift)))
        }
        return result
    }

    /// One application of the SHA-1 compression function (FIPS 180-4 §6.1.2).
    private static func compress(_ hash: inout [UInt32], block: UnsafeRawPointer, schedule w: inout [UInt32]) {
        // Step 1: message schedule.
        for t in 0..<16 {
            w[t] = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 4 * t, as: UInt32.self))
        }
        for t in 16..<80 {
            w[t] = (w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16]).rotatedLeft(1)
        }

        // Step 2: working variables.
        var a = hash[0], b = hash[1], c = hash[2], d = hash[3], e = hash[4]

        // Step 3: 80 rounds with f_t and K_t from §4.1.1 and §4.2.1.
        for t in 0..<80 {
            let f: UInt32, k: UInt32
            switch t {
            case 0..<20: f = (b & c) ^ (~b & d); k = 0x5a82_7999  // Ch
            case 20..<40: f = b ^ c ^ d; k = 0x6ed9_eba1  // Parity
            case 40..<60: f = (b & c) ^ (b & d) ^ (c & d); k = 0x8f1b_bcdc  // Maj
            default: f = b ^ c ^ d; k = 0xca62_c1d6  // Parity
            }
            let temp = a.rotatedLeft(5) &+ f &+ e &+ k &+ w[t]
            e = d
            d = c
            c = b.rotatedLeft(30)
            b = a
            a = temp
        }

        // Step 4: intermediate hash value.
        hash[0] &+= a
        hash[1] &+= b
        hash[2] &+= c
        hash[3] &+= d
        hash[4] &+= e
    }
}
