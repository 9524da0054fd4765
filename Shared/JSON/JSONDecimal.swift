/// Exact decimal → `Double` conversion for the common short numbers.
///
/// Clinger's fast path: if the decimal significand `w` fits in 53 bits and the
/// power of ten `|q| ≤ 22`, both `w` and `10^|q|` are exact `Double`s, so one
/// IEEE multiplication or division gives the correctly rounded result. That
/// covers prices, coordinates and timestamps without building a `String`;
/// everything else returns `nil` and goes to the standard library.
enum JSONDecimal {
    private static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// - Parameter token: A number token already valid per RFC 8259 §6.
    /// - Returns: The exact conversion, or `nil` when the fast path does not apply.
    static func exactDouble(_ token: UnsafeBufferPointer<UInt8>) -> Double? {
        var index = 0
        let negative = token[0] == UInt8(ascii: "-")
        if negative { index = 1 }
        var significand: UInt64 = 0
        var digits = 0
        var exponent = 0
        var inFraction = false
        while index < token.count {
            let byte = token[index]
            if byte == UInt8(ascii: ".") {
                inFraction = true
            } else if byte | 0x20 == UInt8(ascii: "e") {
                break
            } else {
                if significand != 0 || byte != UInt8(ascii: "0") { digits += 1 }
                guard digits <= 19 else { return nil }
                significand = significand &* 10 &+ UInt64(byte &- UInt8(ascii: "0"))
                if inFraction { exponent -= 1 }
            }
            index += 1
        }
        if index < token.count {
            index += 1
            var exponentNegative = false
            if token[index] == UInt8(ascii: "-") || token[index] == UInt8(ascii: "+") {
                exponentNegative = token[index] == UInt8(ascii: "-")
                index += 1
            }
            var written = 0
            while index < token.count {
                written = written * 10 + Int(token[index] &- UInt8(ascii: "0"))
                guard written <= 1000 else { return nil }
                index += 1
            }
            exponent += exponentNegative ? -written : written
        }
        guard significand <= 1 << 53, exponent >= -22, exponent <= 22 else { return nil }
        var value = Double(significand)
        value = exponent < 0 ? value / powersOfTen[-exponent] : value * powersOfTen[exponent]
        return negative ? -value : value
    }
}
