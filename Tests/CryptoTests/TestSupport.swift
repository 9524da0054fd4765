/// Bytes from a hex string as printed in the RFCs and FIPS examples
/// (whitespace ignored). Test-only: traps on malformed input.
func bytes(hex: String) -> [UInt8] {
    let digits = hex.filter { !$0.isWhitespace }.map { $0.hexDigitValue! }
    precondition(digits.count % 2 == 0, "odd number of hex digits")
    return stride(from: 0, to: digits.count, by: 2).map { UInt8(digits[$0] << 4 | digits[$0 + 1]) }
}

/// The bytes 0, 1, 2, … `count - 1` (mod 256): a message whose every
/// position differs, for padding-boundary vectors.
func countingBytes(_ count: Int) -> [UInt8] {
    (0..<count).map { UInt8(truncatingIfNeeded: $0) }
}
