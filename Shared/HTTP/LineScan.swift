/// Finds the end of a line and notices control bytes in it, eight bytes at a
/// time (SWAR: "SIMD within a register").
///
/// Head lines are mostly printable ASCII; a word of eight bytes without a
/// byte below 0x20 or equal to 0x7F holds neither the LF that ends the line
/// nor a control byte that makes it invalid (RFC 9110 §5.5, RFC 9112 §2.2),
/// so it is skipped with a few arithmetic operations; in a word that has
/// one, the lowest flagged byte gives its exact position. HTAB is allowed
/// inside field values and is not counted.
enum LineScan {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// Scans `bytes[start..<stop]`. Returns the index of the first LF (or
    /// `stop` when there is none) and how many control bytes other than
    /// HTAB and LF were passed on the way (a CR right before the LF is
    /// counted; the caller discounts it).
    @inline(__always)
    static func scan(
        _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to stop: Int
    ) -> (end: Int, controls: Int) {
        guard let base = bytes.baseAddress else { return (stop, 0) }
        var index = start
        var controls = 0
        while index &+ 8 <= stop {
            let word = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
            // High bit set in each byte < 0x20, and in each byte == 0x7F. Bits
            // above the lowest one may be false positives (borrows), the
            // lowest one is exact: it marks the first special byte.
            let below20 = (word &- ones &* 0x20) & ~word & highBits
            let del = word ^ (ones &* 0x7F)
            let special = below20 | ((del &- ones) & ~del & highBits)
            if special == 0 {
                index &+= 8
                continue
            }
            index &+= special.trailingZeroBitCount &>> 3
            let byte = base[index]
            if byte == ASCII.lf { return (index, controls) }
            if byte != ASCII.tab { controls &+= 1 }
            index &+= 1
        }
        while index < stop {
            let byte = base[index]
            if byte < 0x20 || byte == 0x7F {
                if byte == ASCII.lf { return (index, controls) }
                if byte != ASCII.tab { controls &+= 1 }
            }
            index &+= 1
        }
        return (stop, controls)
    }
}
