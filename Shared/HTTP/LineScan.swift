/// Finds the end of a line and notices control bytes in it, eight bytes at a
/// time (SWAR: "SIMD within a register").
///
/// Head lines are mostly printable ASCII; a word of eight bytes without a
/// byte below 0x20 or equal to 0x7F holds neither the LF that ends the line
/// nor a control byte that makes it invalid (RFC 9110 §5.5, RFC 9112 §2.2),
/// so it is skipped with a few arithmetic operations. Only words that have
/// such a byte are looked at byte by byte. HTAB is allowed inside field
/// values and is not counted.
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
        while true {
            while index &+ 8 <= stop {
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                // Some byte < 0x20 (exact for the any-byte question).
                let below20 = (word &- ones &* 0x20) & ~word & highBits
                // Some byte == 0x7F.
                let del = word ^ (ones &* 0x7F)
                let isDel = (del &- ones) & ~del & highBits
                if below20 | isDel != 0 { break }
                index &+= 8
            }
            // Byte by byte through the word that has a special byte (or the tail).
            let wordEnd = min(index &+ 8, stop)
            while index < wordEnd {
                let byte = base[index]
                if byte < 0x20 || byte == 0x7F {
                    if byte == ASCII.lf { return (index, controls) }
                    if byte != ASCII.tab { controls &+= 1 }
                }
                index &+= 1
            }
            if index >= stop { return (stop, controls) }
        }
    }
}
