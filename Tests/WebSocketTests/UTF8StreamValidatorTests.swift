import Testing
import TestSupport
@testable import WebSocket

/// The validator against the standard library's decoder, exhaustively for
/// short sequences and on random input split at random places.
struct UTF8StreamValidatorTests {
    static func stdlibAccepts(_ bytes: [UInt8]) -> Bool { String(validating: bytes, as: UTF8.self) != nil }

    @Test func everyOneAndTwoByteSequence_agreesWithTheStandardLibrary() {
        var disagreements: [[UInt8]] = []
        for first in 0...255 {
            for second in -1...255 {
                let input = second < 0 ? [UInt8(first)] : [UInt8(first), UInt8(second)]
                if UTF8StreamValidator.isValid(input) != Self.stdlibAccepts(input) { disagreements.append(input) }
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(5))")
    }

    @Test func everyThreeAndFourByteLeadWithEverySecondByte_agreesWithTheStandardLibrary() {
        var disagreements: [[UInt8]] = []
        for lead in 0xE0...0xFF {
            for second in 0...255 {
                for tail: [UInt8] in [[0x80], [0xBF], [0x41], [0xC0], [0x80, 0x80], [0xBF, 0xBF], [0x80, 0x41]] {
                    let input = [UInt8(lead), UInt8(second)] + tail
                    if UTF8StreamValidator.isValid(input) != Self.stdlibAccepts(input) { disagreements.append(input) }
                }
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(5))")
    }

    @Test func randomInput_splitRandomly_agreesWithTheStandardLibrary() {
        var generator = SplitMix64(seed: 2024)
        // Mostly valid pieces with some damage, so both outcomes are common.
        let pieces: [[UInt8]] = [bytes("abcdefgh"), bytes("é"), bytes("€"), bytes("😀"), [0xF4, 0x8F, 0xBF, 0xBF],
                                 [0xED, 0x9F, 0xBF], [0x80], [0xC0], [0xED, 0xA0], [0xF4, 0x90], [0xE0, 0x9F], [0xFF]]
        var validCount = 0
        for _ in 0..<3000 {
            var input: [UInt8] = []
            for _ in 0..<Int(generator.next() % 12) {
                let piece = pieces[Int(generator.next() % UInt64(generator.next() % 3 == 0 ? pieces.count : 6))]
                input += piece
            }
            let expected = Self.stdlibAccepts(input)
            if expected { validCount += 1 }
            var validator = UTF8StreamValidator()
            var accepted = true
            var index = 0
            while index < input.count, accepted {
                let size = min(Int(generator.next() % 5), input.count - index)
                accepted = validator.validate(Array(input[index..<index + size]))
                index += size
            }
            #expect((accepted && validator.isComplete) == expected, "\(input)")
        }
        #expect(validCount > 300)
        #expect(validCount < 2700)
    }

    @Test func longASCIIRunsWithOneBadByteAnywhere_areRejected() {
        for position in 0..<40 {
            var input = [UInt8](repeating: 0x41, count: 40)
            input[position] = 0x80
            #expect(!UTF8StreamValidator.isValid(input), "bad byte at \(position)")
        }
    }
}
