import JSON
import Testing

/// RFC 8259 §7 (strings and escapes) and §8.1–8.2 (UTF-8, surrogates).
@Suite struct JSONParserStringTests {
    @Test func plainStrings_AreParsed() throws {
        #expect(try JSONValue.parse(#""""#) == .string(""))
        #expect(try JSONValue.parse(#""hello, world""#) == .string("hello, world"))
    }

    @Test func allShortEscapes_AreDecoded() throws {
        let value = try JSONValue.parse(#""\"\\\/\b\f\n\r\t""#)
        #expect(value == .string("\"\\/\u{08}\u{0C}\n\r\t"))
    }

    @Test func unicodeEscapes_AreDecoded_InEitherCase() throws {
        #expect(try JSONValue.parse(#""\u0041\u00e9\u20AC\u00E9""#) == .string("Aé€é"))
        #expect(try JSONValue.parse(#""\u0000""#) == .string("\u{0}"))
        #expect(try JSONValue.parse(#""\uFFFF""#) == .string("\u{FFFF}"))
    }

    @Test func escapesMixedWithPlainRuns_KeepEveryPart() throws {
        #expect(try JSONValue.parse(#""ab\ncd\tef\u0021gh""#) == .string("ab\ncd\tef!gh"))
    }

    @Test func surrogatePairs_CombineIntoOneScalar() throws {
        #expect(try JSONValue.parse(#""\uD83D\uDE00""#) == .string("😀"))
        #expect(try JSONValue.parse(#""\ud834\udd1e""#) == .string("𝄞"))
        #expect(try JSONValue.parse(#""\uDBFF\uDFFF""#) == .string("\u{10FFFF}"))
        #expect(try JSONValue.parse(#""x\uD800\uDC00y""#) == .string("x\u{10000}y"))
    }

    @Test(arguments: [
        #""\uD83D""#,           // lone high surrogate at the end
        #""\uD83Dx""#,          // high surrogate followed by a plain character
        #""\uD83D\n""#,         // … by a different escape
        #""\uD83D\uD83D""#,     // … by another high surrogate
        #""\uD83D\u0041""#,     // … by a non-surrogate escape
        #""\uDE00""#,           // lone low surrogate
        #""\uDE00\uD83D""#,     // pair in the wrong order
    ])
    func loneOrMisorderedSurrogates_AreRejected(text: String) {
        #expect(parseError(text) == error(.invalidSurrogate, at: 1))
    }

    @Test func truncatedSurrogatePair_IsUnexpectedEnd() {
        #expect(parseError(#""\uD83D\u"#) == error(.unexpectedEnd, at: 9))
        #expect(parseError(#""\uD83D"#) == error(.unexpectedEnd, at: 7))
    }

    @Test(arguments: [#""\x""#, #""\'""#, #""\U0041""#, #""\a""#, #""\0""#, #""\ ""#])
    func unknownEscapes_AreRejected(text: String) {
        #expect(parseError(text) == error(.invalidEscape, at: 1))
    }

    @Test(arguments: [#""\u00G1""#, #""\u12""#, #""\u-123""#, #""\u 123""#])
    func badHexInUnicodeEscape_IsRejected(text: String) {
        #expect(parseError(text) == error(.invalidUnicodeEscape, at: 1))
    }

    @Test func secondHalfOfPairWithBadHex_PointsAtTheSecondEscape() {
        #expect(parseError(#""\uD83D\uZZZZ""#) == error(.invalidUnicodeEscape, at: 7))
    }

    @Test func truncatedEscapes_AreUnexpectedEnd() {
        #expect(parseError(#""\"#) == error(.unexpectedEnd, at: 2))
        #expect(parseError(#""\u12"#) == error(.unexpectedEnd, at: 5))
    }

    @Test(arguments: 0..<32)
    func rawControlCharacters_AreRejected(code: Int) {
        let bytes = quoted([UInt8(ascii: "a"), UInt8(code), UInt8(ascii: "b")])
        #expect(parseError(bytes) == error(.controlCharacterInString, at: 2))
    }

    @Test func rawControlCharacterAfterAnEscape_IsRejected() {
        let bytes = quoted(Array(#"\n"#.utf8) + [0x0A])
        #expect(parseError(bytes) == error(.controlCharacterInString, at: 3))
    }

    @Test func deleteCharacter_IsAllowedUnescaped() throws {
        #expect(try JSONValue.parse(quoted([0x7F])) == .string("\u{7F}"))
    }

    @Test func unterminatedString_IsUnexpectedEnd() {
        #expect(parseError(#""abc"#) == error(.unexpectedEnd, at: 4))
        #expect(parseError(#""abc\n"#) == error(.unexpectedEnd, at: 6))
        #expect(parseError(#"["abcdefghijklmnopqrstuvwxyz"#) == error(.unexpectedEnd, at: 28))
    }

    @Test(arguments: [
        [0xC3, 0xA9],              // é
        [0xE2, 0x82, 0xAC],        // €
        [0xF0, 0x9F, 0x98, 0x80],  // 😀
        [0xF4, 0x8F, 0xBF, 0xBF],  // U+10FFFF, the last scalar
        [0xEF, 0xBF, 0xBF],        // U+FFFF
        [0xED, 0x9F, 0xBF],        // U+D7FF, just below the surrogates
        [0xEE, 0x80, 0x80],        // U+E000, just above them
    ] as [[UInt8]])
    func wellFormedUTF8_IsAccepted(sequence: [UInt8]) throws {
        let expected = try #require(String(validating: sequence, as: UTF8.self))
        #expect(try JSONValue.parse(quoted(sequence)) == .string(expected))
        #expect(try JSONValue.parse(quoted(Array(#"\n"#.utf8) + sequence)) == .string("\n" + expected))
    }

    @Test(arguments: [
        [0x80],                    // stray continuation byte
        [0xBF],
        [0xC0, 0x80],              // overlong NUL
        [0xC1, 0xBF],              // overlong
        [0xE0, 0x80, 0x80],        // overlong 3-byte
        [0xE0, 0x9F, 0xBF],
        [0xED, 0xA0, 0x80],        // encoded surrogate U+D800
        [0xED, 0xBF, 0xBF],        // encoded surrogate U+DFFF
        [0xF0, 0x80, 0x80, 0x80],  // overlong 4-byte
        [0xF0, 0x8F, 0xBF, 0xBF],
        [0xF4, 0x90, 0x80, 0x80],  // above U+10FFFF
        [0xF5, 0x80, 0x80, 0x80],
        [0xFF],
        [0xC3],                    // truncated before the closing quote
        [0xE2, 0x82],
        [0xF0, 0x9F, 0x98],
        [0xC3, 0x41],              // continuation byte missing
        [0xE2, 0x28, 0xA1],
        [0xF0, 0x9F, 0x28, 0x80],
    ] as [[UInt8]])
    func malformedUTF8_IsRejected(sequence: [UInt8]) {
        #expect(parseError(quoted([UInt8(ascii: "a")] + sequence)) == error(.invalidUTF8, at: 2))
        #expect(parseError(quoted(Array(#"\t"#.utf8) + sequence)) == error(.invalidUTF8, at: 3))
    }

    @Test func truncatedUTF8AtEndOfInput_IsRejected() {
        #expect(parseError([UInt8(ascii: "\""), 0xE2, 0x82]) == error(.invalidUTF8, at: 1))
    }

    /// The scanner checks eight bytes at a time; a special byte must be found
    /// at its exact position wherever it falls within a word.
    @Test(arguments: 0..<20)
    func specialBytes_AreFoundAtEveryPositionWithinAWord(position: Int) throws {
        let prefix = String(repeating: "a", count: position)
        let suffix = String(repeating: "b", count: 11)
        #expect(try JSONValue.parse("\"\(prefix)\"") == .string(prefix))
        #expect(try JSONValue.parse("\"\(prefix)\\n\(suffix)\"") == .string(prefix + "\n" + suffix))
        #expect(try JSONValue.parse("\"\(prefix)é\(suffix)\"") == .string(prefix + "é" + suffix))
        let control = quoted(Array(prefix.utf8) + [0x01] + Array(suffix.utf8))
        #expect(parseError(control) == error(.controlCharacterInString, at: 1 + position))
        let badUTF8 = quoted(Array(prefix.utf8) + [0xFF] + Array(suffix.utf8))
        #expect(parseError(badUTF8) == error(.invalidUTF8, at: 1 + position))
    }

    @Test func longStrings_WithEscapesAndNonASCII_AreDecoded() throws {
        let plain = String(repeating: "0123456789", count: 100)
        let text = "\"\(plain)\\u00e9\(plain)😀\(plain)\\\"\""
        #expect(try JSONValue.parse(text) == .string(plain + "é" + plain + "😀" + plain + "\""))
    }

    @Test func strings_AreNotUnicodeNormalized() throws {
        // "é" precomposed vs "e" + combining acute stay distinct values.
        let precomposed = try JSONValue.parse(quoted([0xC3, 0xA9]))
        let decomposed = try JSONValue.parse(quoted([0x65, 0xCC, 0x81]))
        #expect(precomposed.stringValue?.utf8.count == 2)
        #expect(decomposed.stringValue?.utf8.count == 3)
    }
}
