import CSV
import TestSupport
import Testing

/// RFC 4180 rules, each checked with every feed (all at once, byte by byte,
/// random splits): an incremental parser must not care where the input
/// is cut.
@Suite struct CSVParserTests {
    func parse(_ text: String, feed: Feed, limits: CSVParser.Limits = .init()) throws(CSVParseError) -> [CSVRecord] {
        var parser = CSVParser(limits: limits)
        var records: [CSVRecord] = []
        for chunk in feed.chunks(of: Array(text.utf8)) { records += try parser.append(chunk) }
        return records + (try parser.finish())
    }

    func fields(_ text: String, feed: Feed) throws -> [[String]] { try parse(text, feed: feed).map(\.fields) }

    func error(_ text: String, feed: Feed, limits: CSVParser.Limits = .init()) -> CSVParseError? {
        do {
            _ = try parse(text, feed: feed, limits: limits)
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: Feed.all)
    func plainRecordsWithAnyLineEnd(feed: Feed) throws {
        #expect(try fields("a,b,c\r\n1,2,3\r\n", feed: feed) == [["a", "b", "c"], ["1", "2", "3"]])
        #expect(try fields("a,b\n1,2\n", feed: feed) == [["a", "b"], ["1", "2"]])
        #expect(try fields("a,b\r1,2", feed: feed) == [["a", "b"], ["1", "2"]])
        #expect(try fields("a,b\r\n1,2", feed: feed) == [["a", "b"], ["1", "2"]])  // no final line break
    }

    @Test(arguments: Feed.all)
    func emptyFieldsAndBlankLines(feed: Feed) throws {
        #expect(try fields(",\r\n,,x\r\n", feed: feed) == [["", ""], ["", "", "x"]])
        #expect(try fields("a\r\n\r\n\nb\r\n", feed: feed) == [["a"], ["b"]])
        #expect(try fields("\"\"\r\n", feed: feed) == [[""]])
        #expect(try fields("", feed: feed) == [])
    }

    @Test(arguments: Feed.all)
    func quotedFieldsHoldCommasQuotesAndLineBreaks(feed: Feed) throws {
        let text = "\"a,b\",\"say \"\"hi\"\"\",\"two\r\nlines\",\"lf\nonly\"\r\nnext,\"\"\"\"\r\n"
        #expect(try fields(text, feed: feed) == [["a,b", "say \"hi\"", "two\r\nlines", "lf\nonly"], ["next", "\""]])
    }

    @Test(arguments: Feed.all)
    func recordLinesCountEveryLineBreak(feed: Feed) throws {
        let records = try parse("h1,h2\r\n\"multi\r\nline\",x\r\n\r\nlast,y\n", feed: feed)
        #expect(records.map(\.line) == [1, 2, 5])
    }

    @Test(arguments: Feed.all)
    func aLeadingByteOrderMarkIsSkipped(feed: Feed) throws {
        #expect(try fields("\u{FEFF}pack_name,title\r\nP,T\r\n", feed: feed) == [["pack_name", "title"], ["P", "T"]])
        // Only at the very start; elsewhere it is content.
        #expect(try fields("a,\u{FEFF}b\r\n", feed: feed) == [["a", "\u{FEFF}b"]])
        // A prefix of a BOM that is not one is kept as content.
        #expect(try fields("\u{00EF}x\r\n", feed: feed) == [["\u{00EF}x"]])
    }

    @Test(arguments: Feed.all)
    func unicodeSurvives(feed: Feed) throws {
        #expect(try fields("Quiplash 3,Überraschung 🎉,\"Naïve, really\"\r\n", feed: feed)
                == [["Quiplash 3", "Überraschung 🎉", "Naïve, really"]])
    }

    @Test(arguments: Feed.all)
    func malformedInputIsRefusedWithItsLine(feed: Feed) {
        #expect(error("a,b\r\n\"open\r\nstill open", feed: feed) == CSVParseError(.unterminatedQuote, line: 3))
        #expect(error("a\r\n\"closed\"x,y\r\n", feed: feed) == CSVParseError(.characterAfterQuote, line: 2))
        #expect(error("ok\r\nbad\"quote\r\n", feed: feed) == CSVParseError(.quoteInUnquotedField, line: 2))
    }

    @Test(arguments: Feed.all)
    func invalidUTF8IsRefused(feed: Feed) {
        var parser = CSVParser()
        var caught: CSVParseError?
        do {
            for chunk in feed.chunks(of: Array("ok\r\nbad".utf8) + [0xFF, 0xFE] + Array("\r\n".utf8)) {
                _ = try parser.append(chunk)
            }
            _ = try parser.finish()
        } catch {
            caught = error
        }
        #expect(caught == CSVParseError(.invalidUTF8, line: 2))
    }

    @Test(arguments: Feed.all)
    func limitsHold(feed: Feed) {
        let small = CSVParser.Limits(maxFieldBytes: 4, maxFieldsPerRecord: 3)
        #expect(error("abcd,e\r\n", feed: feed, limits: small) == nil)
        #expect(error("ok\r\nabcde\r\n", feed: feed, limits: small) == CSVParseError(.fieldTooLong(limit: 4), line: 2))
        #expect(error("a,b,c\r\n", feed: feed, limits: small) == nil)
        #expect(error("a,b,c,d\r\n", feed: feed, limits: small) == CSVParseError(.tooManyFields(limit: 3), line: 1))
    }

    @Test func errorsReadAsLineAndMessage() {
        #expect(CSVParseError(.unterminatedQuote, line: 7).description == "line 7: unterminated quoted field")
    }
}

@Suite struct CSVWriterTests {
    @Test func aLoneEmptyFieldIsQuoted() throws {
        #expect(CSVWriter.record([""]) == "\"\"\r\n")
        #expect(try CSVParser.parse(Array(CSVWriter.record([""]).utf8)).map(\.fields) == [[""]])
    }

    @Test func quotesOnlyWhatNeedsIt() {
        #expect(CSVWriter.record(["plain", "a,b", "say \"hi\"", "two\r\nlines", " padded", ""])
                == "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\r\nlines\",\" padded\",\r\n")
    }

    /// Found by fuzz/targets/CSV.swift (round-trip property): a first field
    /// starting with U+FEFF, written unquoted at the start of the text, was
    /// read back as a byte order mark and silently dropped.
    @Test func aLeadingByteOrderMarkCharacterSurvivesTheRoundTrip() throws {
        let records = [["\u{FEFF}title", "pack"], ["\u{FEFF}", "x"]]
        let text = records.map(CSVWriter.record).joined()
        #expect(text.hasPrefix("\"\u{FEFF}title\","))
        #expect(try CSVParser.parse(Array(text.utf8)).map(\.fields) == records)
        // Behind a real byte order mark, too.
        #expect(try CSVParser.parse([0xEF, 0xBB, 0xBF] + Array(text.utf8)).map(\.fields) == records)
    }

    /// Whatever is written reads back as the same fields (seeded random
    /// fields drawn from the characters that matter).
    @Test func writeThenParseRoundTrips() throws {
        var generator = SplitMix64(seed: 4180)
        let alphabet: [Character] = ["a", "Z", "0", " ", ",", "\"", "\r", "\n", "\r\n", "é", "🎉", "'", "&"]
        for _ in 0..<500 {
            let records: [[String]] = (0..<Int(generator.next() % 4 + 1)).map { _ in
                (0..<Int(generator.next() % 5 + 1)).map { _ in
                    String((0..<Int(generator.next() % 6)).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
                }
            }
            let text = records.map(CSVWriter.record).joined()
            let parsed = try CSVParser.parse(Array(text.utf8)).map(\.fields)
            #expect(parsed == records, "\(text.debugDescription)")
        }
    }
}
