import Crypto
import Testing

struct ConstantTimeTests {
    @Test func equals_IsTrue_ForIdenticalBytes() {
        #expect(ConstantTime.equals(countingBytes(32), countingBytes(32)))
        #expect(ConstantTime.equals([UInt8](), [UInt8]()))
    }

    @Test(arguments: [0, 1, 16, 31])
    func equals_IsFalse_WhenAnyByteDiffers(position: Int) {
        var other = countingBytes(32)
        other[position] ^= 0x01
        #expect(!ConstantTime.equals(countingBytes(32), other))
    }

    @Test func equals_IsFalse_ForDifferentLengths() {
        #expect(!ConstantTime.equals(countingBytes(32), countingBytes(31)))
        #expect(!ConstantTime.equals(countingBytes(0), countingBytes(1)))
    }

    @Test func equals_ComparesContents_AcrossCollectionTypes() {
        let bytes = countingBytes(10)
        #expect(ConstantTime.equals(bytes[2..<5], [2, 3, 4]))
        #expect(ConstantTime.equals("abc".utf8, [0x61, 0x62, 0x63]))
    }
}
