import Crypto
import Testing
import TestSupport

struct Base64Tests {
    /// RFC 4648 §10 test vectors.
    static let rfc4648Vectors = [
        ("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"),
        ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy"),
    ]

    @Test(arguments: rfc4648Vectors)
    func encode_MatchesRFC4648Vector(plain: String, encoded: String) {
        #expect(Base64.encode(plain.utf8) == encoded)
    }

    @Test(arguments: rfc4648Vectors)
    func decode_MatchesRFC4648Vector(plain: String, encoded: String) {
        #expect(Base64.decode(encoded) == Array(plain.utf8))
    }

    @Test(arguments: rfc4648Vectors)
    func encodeURL_IsRFC4648Vector_WithoutPadding(plain: String, encoded: String) {
        let unpadded = String(encoded.prefix { $0 != "=" })
        #expect(Base64.encodeURL(plain.utf8) == unpadded)
        #expect(Base64.decodeURL(unpadded) == Array(plain.utf8))
    }

    @Test(arguments: rfc4648Vectors)
    func decodeURL_AcceptsCorrectPadding(plain: String, encoded: String) {
        #expect(Base64.decodeURL(encoded) == Array(plain.utf8))
    }

    @Test func urlAlphabet_UsesMinusAndUnderscore_WhereStandardUsesPlusAndSlash() {
        let data: [UInt8] = [0xfb, 0xef, 0xff]
        #expect(Base64.encode(data) == "++//")
        #expect(Base64.encodeURL(data) == "--__")
        #expect(Base64.decode("++//") == data)
        #expect(Base64.decodeURL("--__") == data)
    }

    @Test(arguments: [
        "Zg",  // padding required in the standard form
        "Zg=",  // length not a multiple of four
        "Zm9v=",  // padding after a complete quantum
        "Z===",  // more than two pad characters
        "=Zm9",  // padding at the start
        "Zm=v",  // padding in the middle
        "Zm9v\n",  // line break (RFC 4648 §3.3)
        "Zm 9v",  // space
        "Zm-v",  // URL-alphabet character
        "Zh==",  // non-zero pad bits (RFC 4648 §3.5)
        "Zm9=",  // non-zero pad bits in a two-byte tail
        "Zm9vé===",  // non-ASCII
    ])
    func decode_RejectsInvalidInput(text: String) {
        #expect(Base64.decode(text) == nil)
    }

    @Test(arguments: [
        "Z",  // one character carries only six bits
        "Zm9vY",  // 1 mod 4
        "Zm+v",  // standard-alphabet character
        "Zm/v",
        "Zm9v.",  // separator, not data
        "Zg=",  // padding present but incomplete
        "Zg===",  // too much padding
        "Zh",  // non-zero pad bits
    ])
    func decodeURL_RejectsInvalidInput(text: String) {
        #expect(Base64.decodeURL(text) == nil)
    }

    @Test func roundTrip_PreservesEveryLength_InBothAlphabets() {
        var random = SplitMix64(seed: 64)
        for length in 0...100 {
            let data = (0..<length).map { _ in UInt8.random(in: .min ... .max, using: &random) }
            #expect(Base64.decode(Base64.encode(data)) == data)
            #expect(Base64.decodeURL(Base64.encodeURL(data)) == data)
        }
    }

    @Test func decode_AcceptsSubstrings() {
        let token = "xx.Zm9vYmFy.yy"
        let middle = token.split(separator: ".")[1]
        #expect(Base64.decodeURL(middle) == Array("foobar".utf8))
    }
}
