import Crypto
import Testing
import TestSupport

struct SHA256Tests {
    /// FIPS 180-4 examples (NIST CSRC "SHA256.pdf", "SHA2_Additional.pdf").
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
        (
            "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
                + "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
            "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"
        ),
    ])
    func digest_MatchesPublishedVector(message: String, expected: String) {
        #expect(Hex.encode(SHA256.hash(Array(message.utf8))) == expected)
    }

    @Test func digest_OfOneMillionA_MatchesPublishedVector() {
        let message = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        #expect(Hex.encode(SHA256.hash(message)) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Messages 0, 1, … n-1 around the padding boundaries: 55 bytes is the
    /// longest message whose padding fits in one block, 56 needs a second
    /// block, 64 is exactly one block. Expected digests computed with
    /// `python3 -c 'import hashlib; print(hashlib.sha256(bytes(range(n))).hexdigest())'`.
    @Test(arguments: [
        (55, "463eb28e72f82e0a96c0a4cc53690c571281131f672aa229e0d45ae59b598b59"),
        (56, "da2ae4d6b36748f2a318f23e7ab1dfdf45acdc9d049bd80e59de82a60895f562"),
        (63, "29af2686fd53374a36b0846694cc342177e428d1647515f078784d69cdb9e488"),
        (64, "fdeab9acf3710362bd2658cdc9a29e8f9c757fcf9811603a8c447cd1d9151108"),
        (65, "4bfd2c8b6f1eec7a2afeb48b934ee4b2694182027e6d0fc075074f2fabb31781"),
        (119, "da18797ed7c3a777f0847f429724a2d8cd5138e6ed2895c3fa1a6d39d18f7ec6"),
        (120, "f52b23db1fbb6ded89ef42a23ce0c8922c45f25c50b568a93bf1c075420bbb7c"),
        (128, "471fb943aa23c511f6f72f8d1652d9c880cfa392ad80503120547703e56a2be5"),
    ])
    func digest_AtPaddingBoundary_MatchesKnownValue(length: Int, expected: String) {
        #expect(Hex.encode(SHA256.hash(countingBytes(length))) == expected)
    }

    @Test func streaming_InRandomSplits_EqualsOneShot() {
        var random = SplitMix64(seed: 0x5eed)
        for length in [0, 1, 63, 64, 65, 200, 1_000, 4_099] {
            let message = (0..<length).map { _ in UInt8.random(in: .min ... .max, using: &random) }
            let expected = SHA256.hash(message)
            for _ in 0..<20 {
                var hasher = SHA256()
                var start = 0
                while start < length {
                    let end = min(length, start + Int.random(in: 0...150, using: &random))
                    hasher.update(message[start..<end])
                    start = end
                }
                #expect(hasher.finalize() == expected, "length \(length)")
            }
        }
    }

    /// A partial block waiting in the hasher, then an update long enough to
    /// hold many whole blocks: the pending bytes must be completed first.
    @Test(arguments: [1, 55, 63, 64, 65])
    func streaming_ShortThenLongUpdate_EqualsOneShot(firstLength: Int) {
        let message = countingBytes(firstLength + 5_000)
        var hasher = SHA256()
        hasher.update(message[..<firstLength])
        hasher.update(message[firstLength...])
        #expect(hasher.finalize() == SHA256.hash(message))
    }

    @Test func streaming_OneByteAtATime_EqualsOneShot() {
        let message = countingBytes(300)
        var hasher = SHA256()
        for byte in message { hasher.update([byte]) }
        #expect(hasher.finalize() == SHA256.hash(message))
    }

    @Test func update_AcceptsRawBuffersAndNonContiguousCollections() {
        let message = countingBytes(777)
        let expected = SHA256.hash(message)

        var raw = SHA256()
        message.withUnsafeBytes { raw.update($0) }
        #expect(raw.finalize() == expected)

        var lazy = SHA256()
        lazy.update((0..<777).lazy.map { UInt8(truncatingIfNeeded: $0) })
        #expect(lazy.finalize() == expected)

        var utf8 = SHA256()
        utf8.update("abc".utf8)
        #expect(Hex.encode(utf8.finalize()) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func finalize_ResetsHasher_ForTheNextMessage() {
        var hasher = SHA256()
        hasher.update(Array("first message".utf8))
        _ = hasher.finalize()
        hasher.update(Array("abc".utf8))
        #expect(Hex.encode(hasher.finalize()) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func digest_Is32Bytes() {
        #expect(SHA256.hash([UInt8]()).count == SHA256.digestByteCount)
        #expect(SHA256.digestByteCount == 32)
    }
}
