import Crypto
import Testing

struct HMACSHA256Tests {
    struct Vector: Sendable, CustomTestStringConvertible {
        var name: String
        var key: [UInt8]
        var data: [UInt8]
        var expected: String
        var testDescription: String { name }
    }

    /// RFC 4231 §4.2–§4.8, HMAC-SHA-256 rows. Case 5's output is truncated
    /// to 128 bits in the RFC, so only that prefix is compared.
    static let vectors: [Vector] = [
        Vector(
            name: "RFC 4231 test case 1", key: [UInt8](repeating: 0x0b, count: 20), data: Array("Hi There".utf8),
            expected: "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        Vector(
            name: "RFC 4231 test case 2 (key shorter than output)", key: Array("Jefe".utf8),
            data: Array("what do ya want for nothing?".utf8),
            expected: "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        Vector(
            name: "RFC 4231 test case 3", key: [UInt8](repeating: 0xaa, count: 20),
            data: [UInt8](repeating: 0xdd, count: 50),
            expected: "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
        Vector(
            name: "RFC 4231 test case 4", key: bytes(hex: "0102030405060708090a0b0c0d0e0f10111213141516171819"),
            data: [UInt8](repeating: 0xcd, count: 50),
            expected: "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
        Vector(
            name: "RFC 4231 test case 5 (truncated to 128 bits)", key: [UInt8](repeating: 0x0c, count: 20),
            data: Array("Test With Truncation".utf8),
            expected: "a3b6167473100ee06e0c796c2955552b"),
        Vector(
            name: "RFC 4231 test case 6 (key larger than block size)", key: [UInt8](repeating: 0xaa, count: 131),
            data: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
            expected: "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
        Vector(
            name: "RFC 4231 test case 7 (key and data larger than block size)",
            key: [UInt8](repeating: 0xaa, count: 131),
            data: Array(
                ("This is a test using a larger than block-size key and a larger than block-size data. "
                    + "The key needs to be hashed before being used by the HMAC algorithm.").utf8),
            expected: "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
    ]

    @Test(arguments: vectors)
    func authenticationCode_MatchesRFC4231(vector: Vector) {
        let code = HMACSHA256.authenticationCode(key: vector.key, message: vector.data)
        #expect(code.count == 32)
        #expect(Hex.encode(code.prefix(vector.expected.count / 2)) == vector.expected)
    }

    @Test func keyLongerThanBlock_IsEquivalentToItsSHA256Digest() {
        let longKey = countingBytes(65)
        let message = Array("message".utf8)
        #expect(
            HMACSHA256.authenticationCode(key: longKey, message: message)
                == HMACSHA256.authenticationCode(key: SHA256.hash(longKey), message: message))
    }

    @Test func keyOfExactlyBlockSize_IsUsedAsIs() {
        // Hashing a 64-byte key would be wrong; padding it is a no-op.
        // Expected value computed with
        // `python3 -c 'import hmac; print(hmac.new(bytes(range(64)), b"message", "sha256").hexdigest())'`.
        let code = HMACSHA256.authenticationCode(key: countingBytes(64), message: Array("message".utf8))
        #expect(Hex.encode(code) == "eb97f15211c02e38e3213edb045e8301601867c1cd49df01c687eb04f8909e98")
    }
}
