/// Comparisons whose running time does not depend on secret data.
public enum ConstantTime {
    /// Whether `a` and `b` hold the same bytes, examining every byte pair
    /// whatever the position of the first difference. Use it for MACs,
    /// signatures and tokens, where an early exit would let an attacker
    /// recover a valid code one byte at a time by timing responses.
    ///
    /// Collections of different lengths return `false` at once. That only
    /// reveals the length, which is public for the values this compares: a
    /// MAC's length is fixed by its algorithm (32 bytes for HMAC-SHA256, RFC
    /// 2104 §5 / RFC 7518 §3.2), so an attacker learns nothing they did not
    /// already know.
    public static func equals(_ a: some Collection<UInt8>, _ b: some Collection<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for (x, y) in zip(a, b) {
            difference |= x ^ y
        }
        return difference == 0
    }
}
