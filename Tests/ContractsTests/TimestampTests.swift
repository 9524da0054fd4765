import Contracts
import Testing

@Suite struct TimestampTests {
    @Test func parsesTheAcceptedFormsAndFormatsNormalized() throws {
        let instant = try #require(Timestamp.parse("2026-03-15T20:30:00Z"))
        #expect(Timestamp.format(milliseconds: instant) == "2026-03-15T20:30:00.000Z")
        #expect(Timestamp.parse("2026-03-15T21:30:00.000+01:00") == instant)
        #expect(Timestamp.parse("2026-03-15 19:00-0130") == instant)
        #expect(Timestamp.parse("2026-03-15T20:30:00.9999Z") == instant + 999)
        #expect(Timestamp.parse("2026-02-29T00:00:00Z") == nil)
    }

    /// Found by fuzz/targets/ChatImport.swift (stored timestamps must parse
    /// back): an offset that carried the instant before year 0000 or past
    /// 9999 parsed, and `format` then wrote `00-1-12-31T23:00:00.000Z` or a
    /// five-digit year, which nothing reads back. Such instants are refused.
    @Test func instantsOutsideFourDigitYearsAreRefused() throws {
        #expect(Timestamp.parse("0000-01-01T00:00:00+01:00") == nil)
        #expect(Timestamp.parse("9999-12-31T23:59:59-00:01") == nil)
        let first = try #require(Timestamp.parse("0000-01-01T00:00:00Z"))
        #expect(Timestamp.format(milliseconds: first) == "0000-01-01T00:00:00.000Z")
        let last = try #require(Timestamp.parse("9999-12-31T23:59:59.999Z"))
        #expect(Timestamp.format(milliseconds: last) == "9999-12-31T23:59:59.999Z")
        #expect(Timestamp.parse("0000-01-01T01:00:00+01:00") == first)
    }

    @Test func everyParsedInstantFormatsToTextThatParsesBack() throws {
        for text in ["0000-01-01T00:59-00:59", "1969-12-31T23:59:59.999Z", "1970-01-01T00:00Z",
                     "2400-02-29T12:00:00+23:59", "9999-12-31T00:00+00:00"] {
            let instant = try #require(Timestamp.parse(text), "\(text)")
            #expect(Timestamp.parse(Timestamp.format(milliseconds: instant)) == instant, "\(text)")
        }
    }
}
