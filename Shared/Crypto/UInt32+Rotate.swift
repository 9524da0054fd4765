/// Circular shifts on 32-bit words (FIPS 180-4 §3.2), shared by SHA-1 and SHA-256.
extension UInt32 {
    /// ROTR^n(x), the circular right shift (FIPS 180-4 §3.2 item 4).
    @inline(__always)
    func rotatedRight(_ count: UInt32) -> UInt32 {
        (self >> count) | (self << (32 - count))
    }

    /// ROTL^n(x), the circular left shift (FIPS 180-4 §3.2 item 5).
    @inline(__always)
    func rotatedLeft(_ count: UInt32) -> UInt32 {
        (self << count) | (self >> (32 - count))
    }
}
