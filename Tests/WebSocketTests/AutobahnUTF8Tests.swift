import Testing
@testable import WebSocket

/// Text messages must be valid UTF-8 (RFC 6455 §5.6, §8.1): Autobahn 6.x.
struct AutobahnUTF8Tests {
    /// "κόσμε", the Autobahn/Markus Kuhn sample.
    static let kosme: [UInt8] = [0xCE, 0xBA, 0xE1, 0xBD, 0xB9, 0xCF, 0x83, 0xCE, 0xBC, 0xCE, 0xB5]

    static let valid: [[UInt8]] = [
        [],
        bytes("Hello-µ@ßöäüàá-UTF-8!!"),
        kosme,
        [0x00], [0x7F], [0xC2, 0x80], [0xDF, 0xBF], [0xE0, 0xA0, 0x80], [0xEF, 0xBF, 0xBF],
        [0xF0, 0x90, 0x80, 0x80], [0xF4, 0x8F, 0xBF, 0xBF],          // U+10000, U+10FFFF
        [0xED, 0x9F, 0xBF], [0xEE, 0x80, 0x80], [0xEF, 0xBF, 0xBD],  // U+D7FF, U+E000, U+FFFD
        [0xEF, 0xBF, 0xBE],                                        // U+FFFE: a noncharacter, still valid (6.11)
        [0xF0, 0x9F, 0x98, 0x80],                                  // 😀
    ]

    static let invalid: [(String, [UInt8])] = [
        ("overlong NUL C0 80", [0xC0, 0x80]),
        ("overlong / C0 AF", [0xC0, 0xAF]),
        ("overlong / E0 80 AF", [0xE0, 0x80, 0xAF]),
        ("overlong / F0 80 80 AF", [0xF0, 0x80, 0x80, 0xAF]),
        ("largest overlong 2-byte C1 BF", [0xC1, 0xBF]),
        ("largest overlong 3-byte E0 9F BF", [0xE0, 0x9F, 0xBF]),
        ("largest overlong 4-byte F0 8F BF BF", [0xF0, 0x8F, 0xBF, 0xBF]),
        ("surrogate U+D800 ED A0 80", [0xED, 0xA0, 0x80]),
        ("surrogate U+DB7F ED AD BF", [0xED, 0xAD, 0xBF]),
        ("surrogate U+DFFF ED BF BF", [0xED, 0xBF, 0xBF]),
        ("surrogate pair ED A0 80 ED B0 80", [0xED, 0xA0, 0x80, 0xED, 0xB0, 0x80]),
        ("U+110000 F4 90 80 80", [0xF4, 0x90, 0x80, 0x80]),
        ("F7 BF BF BF", [0xF7, 0xBF, 0xBF, 0xBF]),
        ("5-byte F8 88 80 80 80", [0xF8, 0x88, 0x80, 0x80, 0x80]),
        ("6-byte FC 84 80 80 80 80", [0xFC, 0x84, 0x80, 0x80, 0x80, 0x80]),
        ("FE", [0xFE]), ("FF", [0xFF]),
        ("stray continuation 80", [0x80]),
        ("stray continuation BF", [0xBF]),
        ("lead then ASCII C2 41", [0xC2, 0x41]),
        ("lead then lead E1 E1 80", [0xE1, 0xE1, 0x80]),
        ("6.3.1 κόσμε-edited", kosme + [0xED, 0xA0, 0x80] + bytes("edited")),
        ("truncated 2-byte at FIN", [0xC2]),
        ("truncated 3-byte at FIN", bytes("a") + [0xE2, 0x82]),
        ("truncated 4-byte at FIN", [0xF0, 0x9F, 0x98]),
        ("valid text then lone lead", bytes("Hello") + [0xE0]),
    ]

    static var invalidCases: [String] { invalid.map(\.0) }

    static func invalidBytes(_ name: String) -> [UInt8] { invalid.first { $0.0 == name }!.1 }

    @Test(arguments: valid)
    func validText_isDeliveredInOneFrame(text: [UInt8]) {
        let outcome = run(rawFrame(opcode: Op.text, payload: text))
        #expect(outcome == Outcome(events: [.text(String(decoding: text, as: UTF8.self))]))
    }

    @Test(arguments: valid)
    func validText_isDeliveredWhenSplitIntoTwoFragmentsAtEveryByte(text: [UInt8]) {
        for cut in 0...text.count {
            let input = rawFrame(fin: false, opcode: Op.text, payload: Array(text[..<cut]))
                + rawFrame(opcode: Op.continuation, payload: Array(text[cut...]))
            #expect(run(input) == Outcome(events: [.text(String(decoding: text, as: UTF8.self))]), "cut at \(cut)")
        }
    }

    @Test func case6_2_4_fourByteCharactersOneBytePerFragment_areValid() {
        let text = [0xF0, 0x9F, 0x98, 0x80] + bytes("x") + [0xF4, 0x8F, 0xBF, 0xBF] as [UInt8]
        var input: [UInt8] = []
        for (index, byte) in text.enumerated() {
            input += rawFrame(fin: index == text.count - 1, opcode: index == 0 ? Op.text : Op.continuation, payload: [byte])
        }
        #expect(run(input, feed: .byteByByte) == Outcome(events: [.text("😀x\u{10FFFF}")]))
    }

    @Test(arguments: invalidCases)
    func invalidText_failsWith1007_inOneFrame(name: String) {
        let outcome = run(rawFrame(opcode: Op.text, payload: Self.invalidBytes(name)))
        #expect(outcome.error?.closeCode == 1007)
        #expect(outcome.events.isEmpty)
    }

    @Test(arguments: invalidCases)
    func invalidText_failsWith1007_whenFragmentedByteByByte(name: String) {
        let text = Self.invalidBytes(name)
        var input: [UInt8] = []
        for (index, byte) in text.enumerated() {
            input += rawFrame(fin: index == text.count - 1, opcode: index == 0 ? Op.text : Op.continuation, payload: [byte])
        }
        #expect(run(input, feed: .randomSplits(seed: 5)).error?.closeCode == 1007)
    }

    @Test func invalidBinary_isNotValidated() {
        #expect(run(rawFrame(opcode: Op.binary, payload: [0xC0, 0x80])) == Outcome(events: [.binary([0xC0, 0x80])]))
    }

    // MARK: fail fast (6.4.x)

    @Test func case6_4_1_invalidSequenceInAnUnfinishedFragment_failsAtThatFragment() {
        var assembler = WebSocketMessageAssembler(maxMessageBytes: 1000)
        let error = caughtError {
            try assembler.process(frame(.text, Self.kosme + [0xF4, 0x90, 0x80, 0x80], fin: false))
        }
        #expect(error == .invalidPayload("text message is not valid UTF-8"))
    }

    @Test func case6_4_2_invalidSequenceSplitAcrossFragments_failsAtTheFragmentWithTheBadByte() throws {
        var assembler = WebSocketMessageAssembler(maxMessageBytes: 1000)
        #expect(try assembler.process(frame(.text, Self.kosme + [0xF4], fin: false)) == nil)
        let error = caughtError { try assembler.process(frame(.continuation, [0x90, 0x80, 0x80], fin: false)) }
        #expect(error?.closeCode == 1007)
    }

    @Test func case6_4_3_invalidByteAfterAValidPrefixStream_failsBeforeFIN() throws {
        let input = rawFrame(fin: false, opcode: Op.text, payload: Self.kosme)
            + rawFrame(fin: false, opcode: Op.continuation, payload: [0xF4, 0x90, 0x80, 0x80])
        let outcome = run(input, feed: .byteByByte)
        #expect(outcome.error?.closeCode == 1007)
        // Failed as soon as the second frame was complete; no FIN was needed.
        #expect(outcome.bytesFedBeforeError == input.count)
    }

    @Test func truncatedSequenceAtFIN_failsEvenIfEachFragmentWasAcceptable() throws {
        var assembler = WebSocketMessageAssembler(maxMessageBytes: 1000)
        #expect(try assembler.process(frame(.text, bytes("ok") + [0xF0], fin: false)) == nil)
        #expect(try assembler.process(frame(.continuation, [0x9F], fin: false)) == nil)
        let error = caughtError { try assembler.process(frame(.continuation, [0x98])) }
        #expect(error == .invalidPayload("text message ends inside a UTF-8 sequence"))
    }

    @Test func validationStartsFresh_forEachMessage() throws {
        var assembler = WebSocketMessageAssembler(maxMessageBytes: 1000)
        #expect(try assembler.process(frame(.text, [0xC3, 0xA9])) == .text("é"))
        #expect(try assembler.process(frame(.binary, [0xC3], fin: false)) == nil)
        #expect(try assembler.process(frame(.continuation, [0xC3])) == .binary([0xC3, 0xC3]))
        #expect(try assembler.process(frame(.text, bytes("plain"))) == .text("plain"))
    }
}
