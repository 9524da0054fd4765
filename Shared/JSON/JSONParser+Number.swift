extension JSONParser {
    /// Parses a number token; `position` is at `-` or a digit.
    ///
    /// RFC 8259 §6: `number = [ minus ] int [ frac ] [ exp ]`,
    /// `int = zero / ( digit1-9 *DIGIT )`, `frac = decimal-point 1*DIGIT`,
    /// `exp = e [ minus / plus ] 1*DIGIT`. So `01`, `-`, `1.`, `.5`, `1e` and
    /// `+1` are errors; `NaN`/`Infinity` never reach here (`unexpectedCharacter`).
    ///
    /// An integer (no fraction, no exponent) that fits in `Int64` becomes
    /// `.int` (`-0` becomes `.int(0)`); every other number becomes `.double`.
    /// A number too large for a `Double` is rejected rather than turned into
    /// infinity, which JSON could not represent on the way back out.
    mutating func parseNumber() throws(JSONParseError) -> JSONValue {
        let start = position
        let end = bytes.count
        var index = position
        let negative = bytes[index] == UInt8(ascii: "-")
        if negative { index += 1 }

        var magnitude: UInt64 = 0
        var overflowed = false
        guard index < end else { throw failure(.unexpectedEnd, at: end) }
        switch bytes[index] {
        case UInt8(ascii: "0"):
            index += 1
            if index < end, isDigit(bytes[index]) { throw failure(.invalidNumber, at: index) }
        case UInt8(ascii: "1")...UInt8(ascii: "9"):
            while index < end, isDigit(bytes[index]) {
                let (times10, o1) = magnitude.multipliedReportingOverflow(by: 10)
                let (sum, o2) = times10.addingReportingOverflow(UInt64(bytes[index] &- UInt8(ascii: "0")))
                overflowed = overflowed || o1 || o2
                magnitude = sum
                index += 1
            }
        default:
            throw failure(.invalidNumber, at: index)
        }

        var isInteger = true
        if index < end, bytes[index] == UInt8(ascii: ".") {
            isInteger = false
            index = try skipDigits(from: index + 1)
        }
        if index < end, bytes[index] | 0x20 == UInt8(ascii: "e") {
            isInteger = false
            index += 1
            if index < end, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            index = try skipDigits(from: index)
        }
        position = index

        if isInteger, !overflowed {
            if !negative, magnitude <= UInt64(Int64.max) { return .int(Int64(magnitude)) }
            if negative, magnitude <= Int64.min.magnitude { return .int(Int64(truncatingIfNeeded: 0 &- magnitude)) }
        }
        return .double(try doubleValue(of: start..<index))
    }

    @inline(__always)
    func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }

    /// Skips `1*DIGIT` starting at `index`; at least one digit is required.
    private func skipDigits(from start: Int) throws(JSONParseError) -> Int {
        guard start < bytes.count else { throw failure(.unexpectedEnd, at: bytes.count) }
        guard isDigit(bytes[start]) else { throw failure(.invalidNumber, at: start) }
        var index = start + 1
        while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        return index
    }

    /// Converts an already validated number token to the nearest `Double`.
    private func doubleValue(of range: Range<Int>) throws(JSONParseError) -> Double {
        let token = UnsafeBufferPointer(rebasing: bytes[range])
        if let exact = JSONDecimal.exactDouble(token) { return exact }
        // Correctly rounded conversion by the standard library (strtod).
        guard let value = Double(String(decoding: token, as: UTF8.self)) else {
            throw failure(.invalidNumber, at: range.lowerBound)
        }
        guard value.isFinite else { throw failure(.numberOutOfRange, at: range.lowerBound) }
        return value
    }
}
