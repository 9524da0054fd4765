/// Byte-level output of JSON values into a ``JSONOutputBuffer``.
///
/// RFC 8259: no insignificant whitespace (§2), members in stored order (§4),
/// numbers per §6, strings per §7 (`JSONWriter+String.swift`).
enum JSONWriter {
    static func write(_ value: JSONValue, to output: inout JSONOutputBuffer) {
        switch value {
        case .null:
            output.append("null")
        case .bool(let flag):
            output.append(flag ? "true" : "false")
        case .int(let number):
            writeInt(number, to: &output)
        case .double(let number):
            writeDouble(number, to: &output)
        case .string(let text):
            writeString(text, to: &output)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            var first = true
            for element in elements {
                if !first { output.append(UInt8(ascii: ",")) }
                first = false
                write(element, to: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let object):
            output.append(UInt8(ascii: "{"))
            var first = true
            for member in object.members {
                if !first { output.append(UInt8(ascii: ",")) }
                first = false
                writeString(member.key, to: &output)
                output.append(UInt8(ascii: ":"))
                write(member.value, to: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    /// Writes `value` in decimal (RFC 8259 §6), without going through `String`:
    /// count the digits, then fill them in from the right.
    static func writeInt(_ value: Int64, to output: inout JSONOutputBuffer) {
        if value < 0 { output.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digitCount = 1
        var rest = magnitude
        while rest >= 10 {
            rest /= 10
            digitCount += 1
        }
        let digits = output.appendUninitialized(count: digitCount)
        var index = digitCount
        repeat {
            index -= 1
            digits[index] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude % 10)
            magnitude /= 10
        } while index > 0
    }

    /// Writes `value` as the shortest text that reads back as the same
    /// `Double` (`Double.description`). Its forms — `0.1`, `100.0`, `1e-05`,
    /// `1e+20`, `-0.0` — are all valid RFC 8259 §6 numbers. NaN and ±infinity
    /// have no JSON form and become `null`.
    static func writeDouble(_ value: Double, to output: inout JSONOutputBuffer) {
        guard value.isFinite else {
            output.append("null")
            return
        }
        var text = value.description
        text.withUTF8 { output.append($0) }
    }
}
