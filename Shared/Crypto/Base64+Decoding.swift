extension Base64 {
    /// Decodes standard base64 (RFC 4648 §4). The length must be a multiple
    /// of four with correct `=` padding (§3.2); anything outside the
    /// alphabet, including whitespace and line breaks, is rejected (§3.3);
    /// and non-zero pad bits are rejected (§3.5), so each byte string has
    /// exactly one accepted encoding. Returns `nil` on any error.
    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        decode(Array(text.utf8), values: Alphabet.standardValues, requirePadding: true)
    }

    /// Decodes base64url (RFC 4648 §5). Padding may be omitted (RFC 7515 §2)
    /// or present, but if present it must be exactly right. A length of
    /// 1 mod 4 after removing padding cannot come from any input and is
    /// rejected, as are characters outside the alphabet and non-zero pad
    /// bits (§3.5). Returns `nil` on any error.
    public static func decodeURL(_ text: some StringProtocol) -> [UInt8]? {
        decode(Array(text.utf8), values: Alphabet.urlValues, requirePadding: false)
    }

    private static func decode(_ characters: [UInt8], values: [UInt8], requirePadding: Bool) -> [UInt8]? {
        var length = characters.count
        while length > 0, characters[length - 1] == Alphabet.pad, characters.count - length < 2 {
            length -= 1
        }
        let padCount = characters.count - length
        if requirePadding || padCount > 0 {
            guard characters.count % 4 == 0 else { return nil }
        }
        // Four characters carry three bytes; a tail of 2 or 3 carries 1 or 2.
        let tail = length % 4
        guard tail != 1 else { return nil }

        var output: [UInt8] = []
        output.reserveCapacity(length / 4 * 3 + 2)
        var index = 0
        while index + 4 <= length {
            guard let group = sextets(characters, index, 4, values) else { return nil }
            output.append(UInt8(truncatingIfNeeded: group >> 16))
            output.append(UInt8(truncatingIfNeeded: group >> 8))
            output.append(UInt8(truncatingIfNeeded: group))
            index += 4
        }

        switch tail {
        case 2:  // 12 bits: one byte and four pad bits
            guard let group = sextets(characters, index, 2, values), group & 0x0f == 0 else { return nil }
            output.append(UInt8(truncatingIfNeeded: group >> 4))
        case 3:  // 18 bits: two bytes and two pad bits
            guard let group = sextets(characters, index, 3, values), group & 0x03 == 0 else { return nil }
            output.append(UInt8(truncatingIfNeeded: group >> 10))
            output.append(UInt8(truncatingIfNeeded: group >> 2))
        default:
            break
        }
        return output
    }

    /// Concatenates the 6-bit values of `count` characters starting at
    /// `start`, or `nil` if one of them is not in the alphabet.
    private static func sextets(_ characters: [UInt8], _ start: Int, _ count: Int, _ values: [UInt8]) -> UInt32? {
        var group: UInt32 = 0
        for character in characters[start..<start + count] {
            let value = values[Int(character)]
            guard value != Alphabet.invalid else { return nil }
            group = group << 6 | UInt32(value)
        }
        return group
    }
}
