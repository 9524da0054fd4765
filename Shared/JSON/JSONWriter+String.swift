extension JSONWriter {
    /// Writes `string` as a JSON string token (RFC 8259 §7).
    ///
    /// Escapes exactly what §7 requires: `"`, `\` and the control characters
    /// U+0000–U+001F — as `\b \f \n \r \t` where a short form exists, else
    /// `\u00XX` with lowercase hex. `/` and DEL are not escaped; non-ASCII is
    /// copied as raw UTF-8 (`String` guarantees it is well-formed). Clean
    /// stretches are checked and copied eight bytes at a time.
    static func writeString(_ string: String, to output: inout JSONOutputBuffer) {
        var string = string
        string.withUTF8 { bytes in
            guard let source = bytes.baseAddress else {
                output.append("\"\"")
                return
            }
            // Room for the quotes and one byte per input byte; each escape reserves its extra.
            output.reserve(bytes.count + 2)
            output.appendUnchecked(UInt8(ascii: "\""))
            var index = 0
            while index < bytes.count {
                if index + 8 <= bytes.count {
                    let word = UnsafeRawPointer(source + index).loadUnaligned(as: UInt64.self)
                    if !JSONByteScan.hasEscapable(word) {
                        output.appendUnchecked(word: word)
                        index += 8
                        continue
                    }
                }
                let byte = bytes[index]
                if JSONByteScan.needsEscape(byte) {
                    output.reserve(6 + bytes.count - index)
                    writeEscape(for: byte, to: &output)
                } else {
                    output.appendUnchecked(byte)
                }
                index += 1
            }
            output.appendUnchecked(UInt8(ascii: "\""))
        }
    }

    private static let hexDigits: StaticString = "0123456789abcdef"

    /// Writes the escape for `byte`; the caller has reserved six bytes.
    private static func writeEscape(for byte: UInt8, to output: inout JSONOutputBuffer) {
        output.appendUnchecked(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): output.appendUnchecked(byte)
        case 0x08: output.appendUnchecked(UInt8(ascii: "b"))
        case 0x0C: output.appendUnchecked(UInt8(ascii: "f"))
        case 0x0A: output.appendUnchecked(UInt8(ascii: "n"))
        case 0x0D: output.appendUnchecked(UInt8(ascii: "r"))
        case 0x09: output.appendUnchecked(UInt8(ascii: "t"))
        default:
            let hex = hexDigits.utf8Start
            output.appendUnchecked(UInt8(ascii: "u"))
            output.appendUnchecked(UInt8(ascii: "0"))
            output.appendUnchecked(UInt8(ascii: "0"))
            output.appendUnchecked(hex[Int(byte >> 4)])
            output.appendUnchecked(hex[Int(byte & 0x0F)])
        }
    }
}
