/// Base64 (RFC 4648 §4) and base64url (RFC 4648 §5).
///
/// `encode`/`decode` use the standard alphabet with `=` padding;
/// `encodeURL`/`decodeURL` use the URL- and filename-safe alphabet without
/// padding, as JWS requires (RFC 7515 §2, "Base64url Encoding").
/// Decoders are strict and return `nil` rather than guess: see
/// `Base64+Decoding.swift`.
public enum Base64 {
    /// Encodes with the standard alphabet, padding the last quantum with `=`
    /// (RFC 4648 §4).
    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        encode(bytes, alphabet: Alphabet.standard, padding: true)
    }

    /// Encodes with the base64url alphabet and no padding (RFC 4648 §5;
    /// padding omitted as RFC 4648 §3.2 allows when the length is known).
    public static func encodeURL(_ bytes: some Collection<UInt8>) -> String {
        encode(bytes, alphabet: Alphabet.url, padding: false)
    }

    /// Each 24-bit group of input becomes four 6-bit indices into the
    /// alphabet (RFC 4648 §4); a final group of 8 or 16 bits becomes two or
    /// three characters, then `=` padding if requested.
    private static func encode(_ bytes: some Collection<UInt8>, alphabet: [UInt8], padding: Bool) -> String {
        let input = Array(bytes)
        var output: [UInt8] = []
        output.reserveCapacity((input.count + 2) / 3 * 4)

        var index = 0
        while index + 3 <= input.count {
            let group = UInt32(input[index]) << 16 | UInt32(input[index + 1]) << 8 | UInt32(input[index + 2])
            output.append(alphabet[Int(group >> 18 & 0x3f)])
            output.append(alphabet[Int(group >> 12 & 0x3f)])
            output.append(alphabet[Int(group >> 6 & 0x3f)])
            output.append(alphabet[Int(group & 0x3f)])
            index += 3
        }

        switch input.count - index {
        case 1:
            let group = UInt32(input[index]) << 16
            output.append(alphabet[Int(group >> 18 & 0x3f)])
            output.append(alphabet[Int(group >> 12 & 0x3f)])
            if padding { output.append(contentsOf: [Alphabet.pad, Alphabet.pad]) }
        case 2:
            let group = UInt32(input[index]) << 16 | UInt32(input[index + 1]) << 8
            output.append(alphabet[Int(group >> 18 & 0x3f)])
            output.append(alphabet[Int(group >> 12 & 0x3f)])
            output.append(alphabet[Int(group >> 6 & 0x3f)])
            if padding { output.append(Alphabet.pad) }
        default:
            break
        }
        return String(decoding: output, as: UTF8.self)
    }
}

extension Base64 {
    /// The two 64-character alphabets (RFC 4648 §4 Table 1, §5 Table 2) and
    /// their reverse lookup tables.
    enum Alphabet {
        static let standard = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        static let url = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
        static let pad = UInt8(ascii: "=")

        /// Marks a byte that is not in the alphabet.
        static let invalid: UInt8 = 0xff
        static let standardValues = reverse(standard)
        static let urlValues = reverse(url)

        /// Maps every byte to its 6-bit value, or `invalid`.
        private static func reverse(_ alphabet: [UInt8]) -> [UInt8] {
            var values = [UInt8](repeating: invalid, count: 256)
            for (value, character) in alphabet.enumerated() {
                values[Int(character)] = UInt8(value)
            }
            return values
        }
    }
}
