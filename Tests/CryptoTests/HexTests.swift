import Crypto
import Testing

struct HexTests {
    @Test func encode_WritesTwoLowercaseDigitsPerByte_MostSignificantFirst() {
        #expect(Hex.encode([0x00, 0x01, 0x0f, 0x10, 0xab, 0xff]) == "00010f10abff")
    }

    @Test func encode_OfNothing_IsEmpty() {
        #expect(Hex.encode([UInt8]()) == "")
    }

    @Test func encode_AcceptsAnyByteCollection() {
        #expect(Hex.encode("AZ".utf8) == "415a")
        #expect(Hex.encode([0xde, 0xad, 0xbe, 0xef][1...2]) == "adbe")
    }
}
