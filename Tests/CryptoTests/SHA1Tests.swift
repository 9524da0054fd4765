import Crypto
import Testing

struct SHA1Tests {
    /// FIPS 180-4 examples (NIST CSRC "SHA1.pdf") and the empty message.
    @Test(arguments: [
        ("", "da39a3ee5e6b4b0d3255bfef95601890afd80709"),
        ("abc", "a9993e364706816aba3e25717850c26c9cd0d89d"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "84983e441c3bd26ebaae4aa1f95129e5e54670f1"),
    ])
    func digest_MatchesPublishedVector(message: String, expected: String) {
        #expect(Hex.encode(SHA1.hash(Array(message.utf8))) == expected)
    }

    @Test func digest_OfOneMillionA_MatchesPublishedVector() {
        let message = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        #expect(Hex.encode(SHA1.hash(message)) == "34aa973cd4c4daa4f61eeb2bdbad27316534016f")
    }

    /// Expected digests computed with
    /// `python3 -c 'import hashlib; print(hashlib.sha1(bytes(range(n))).hexdigest())'`.
    @Test(arguments: [
        (55, "8ae2d46729cfe68ff927af5eec9c7d1b66d65ac2"),
        (56, "636e2ec698dac903498e648bd2f3af641d3c88cb"),
        (63, "6d942da0c4392b123528f2905c713a3ce28364bd"),
        (64, "c6138d514ffa2135bfce0ed0b8fac65669917ec7"),
        (65, "69bd728ad6e13cd76ff19751fde427b00e395746"),
    ])
    func digest_AtPaddingBoundary_MatchesKnownValue(length: Int, expected: String) {
        #expect(Hex.encode(SHA1.hash(countingBytes(length))) == expected)
    }

    /// RFC 6455 §1.3: the server's `Sec-WebSocket-Accept` for the sample key.
    @Test func webSocketAcceptKey_MatchesRFC6455Example() {
        let input = "dGhlIHNhbXBsZSBub25jZQ==" + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
        #expect(Base64.encode(SHA1.hash(input.utf8)) == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
    }

    @Test func digest_Is20Bytes() {
        #expect(SHA1.hash(countingBytes(100)).count == 20)
    }
}
