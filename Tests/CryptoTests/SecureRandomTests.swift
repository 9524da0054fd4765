@testable import Crypto
import Testing

struct SecureRandomTests {
    @Test(arguments: [0, 1, 16, 32, 257, 100_000])
    func bytes_ReturnsRequestedCount(count: Int) {
        #expect(SecureRandom.bytes(count).count == count)
    }

    @Test func bytes_DifferBetweenCalls() {
        // Two equal 32-byte draws have probability 2^-256.
        #expect(SecureRandom.bytes(32) != SecureRandom.bytes(32))
    }

    @Test func bytes_AreNotAllZero_InALargeBuffer() {
        // Catches a buffer returned without being filled.
        #expect(SecureRandom.bytes(4_096).contains { $0 != 0 })
    }

    @Test func hexToken_HasTwoLowercaseHexDigitsPerByte_AndDiffersBetweenCalls() {
        let token = SecureRandom.hexToken(byteCount: 16)
        #expect(token.count == 32)
        #expect(token.allSatisfy { "0123456789abcdef".contains($0) })
        #expect(token != SecureRandom.hexToken(byteCount: 16))
    }

    @Test func uuidV4_HasRFC9562Layout() {
        for _ in 0..<100 {
            let uuid = Array(SecureRandom.uuidV4())
            #expect(uuid.count == 36)
            for (index, character) in uuid.enumerated() {
                if [8, 13, 18, 23].contains(index) {
                    #expect(character == "-")
                } else {
                    #expect("0123456789abcdef".contains(character), "\(String(uuid))")
                }
            }
            #expect(uuid[14] == "4", "version nibble")
            #expect("89ab".contains(uuid[19]), "variant bits 10")
        }
    }

    @Test func uuidV4_DiffersBetweenCalls() {
        #expect(SecureRandom.uuidV4() != SecureRandom.uuidV4())
    }

    @Test func uuidV4_OverwritesOnlyVersionAndVariantBits() {
        let zeros = [UInt8](repeating: 0x00, count: 16), ones = [UInt8](repeating: 0xff, count: 16)
        #expect(SecureRandom.uuidV4(randomBytes: zeros) == "00000000-0000-4000-8000-000000000000")
        #expect(SecureRandom.uuidV4(randomBytes: ones) == "ffffffff-ffff-4fff-bfff-ffffffffffff")
        #expect(SecureRandom.uuidV4(randomBytes: countingBytes(16)) == "00010203-0405-4607-8809-0a0b0c0d0e0f")
    }
}
