/// Word-at-a-time tests for the bytes that end a plain run inside a JSON
/// string (RFC 8259 §7), so ordinary text costs a few instructions per
/// eight bytes instead of per byte.
///
/// Classic SWAR tests on eight bytes loaded as one `UInt64`:
/// `(w - 0x01…01 * n) & ~w & 0x80…80` is non-zero iff some byte is below `n`
/// (for `n ≤ 0x80`), and a byte equal to `c` is a zero byte of `w ^ (0x01…01 * c)`.
/// The serializer only needs "any?" (``hasEscapable(_:)``); the parser also
/// needs "where?" (``firstSpecial(in:from:)``).
enum JSONByteScan {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highBits: UInt64 = 0x8080_8080_8080_8080

    @inline(__always)
    private static func hasByteBelow(_ limit: UInt8, in word: UInt64) -> Bool {
        (word &- ones &* UInt64(limit)) & ~word & highBits != 0
    }

    @inline(__always)
    private static func hasByte(_ byte: UInt8, in word: UInt64) -> Bool {
        hasByteBelow(1, in: word ^ (ones &* UInt64(byte)))
    }

    /// Bytes a serializer must escape (RFC 8259 §7): `"`, `\`, U+0000–U+001F.
    @inline(__always)
    static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    }

    /// Bytes the parser must look at: the escapable ones plus every non-ASCII
    /// byte (which needs UTF-8 validation).
    @inline(__always)
    static func needsParserAttention(_ byte: UInt8) -> Bool {
        needsEscape(byte) || byte >= 0x80
    }

    /// Whether any of the eight bytes in `word` ``needsEscape(_:)``.
    @inline(__always)
    static func hasEscapable(_ word: UInt64) -> Bool {
        hasByteBelow(0x20, in: word) || hasByte(UInt8(ascii: "\""), in: word) || hasByte(UInt8(ascii: "\\"), in: word)
    }

    /// Index of the first byte in `start..<bytes.count` that ``needsParserAttention(_:)``, or `bytes.count`.
    ///
    /// Within a word the lowest flagged byte is exact (borrows in the SWAR
    /// test only run towards higher bytes), so loading little-endian makes
    /// its position `trailingZeroBitCount / 8`.
    static func firstSpecial(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var index = start
        if let base = bytes.baseAddress {
            while index + 8 <= bytes.count {
                let word = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
                let flags = specialFlags(word)
                if flags != 0 { return index + flags.trailingZeroBitCount >> 3 }
                index += 8
            }
        }
        while index < bytes.count, !needsParserAttention(bytes[index]) { index += 1 }
        return index
    }

    /// The high bit of each byte of `word` that may need the parser's
    /// attention; the lowest set bit is exact.
    @inline(__always)
    private static func specialFlags(_ word: UInt64) -> UInt64 {
        let below = (word &- ones &* 0x20) & ~word
        let quote = word ^ (ones &* UInt64(UInt8(ascii: "\"")))
        let backslash = word ^ (ones &* UInt64(UInt8(ascii: "\\")))
        let quoteZero = (quote &- ones) & ~quote
        let backslashZero = (backslash &- ones) & ~backslash
        return (word | below | quoteZero | backslashZero) & highBits
    }
}
