import Testing
@testable import Runtime

struct LoggerQuotingTests {
    @Test(arguments: ["plain", "user-42", "a/b:c", "café", #"back\slash"#, "123.5"])
    func valueWithoutSpacesQuotesOrEquals_IsLeftAsIs(_ value: String) {
        #expect(Logger.quoteIfNeeded(value) == value)
    }

    @Test func emptyValue_IsQuoted() {
        #expect(Logger.quoteIfNeeded("") == #""""#)
    }

    @Test func valueWithASpaceOrEquals_IsQuoted() {
        #expect(Logger.quoteIfNeeded("two words") == #""two words""#)
        #expect(Logger.quoteIfNeeded("a=b") == #""a=b""#)
        #expect(Logger.quoteIfNeeded("tab\there") == "\"tab\there\"")
    }

    @Test func quotesBackslashesAndLineBreaks_AreEscapedInsideQuotes() {
        #expect(Logger.quoteIfNeeded(#"say "hi""#) == #""say \"hi\"""#)
        #expect(Logger.quoteIfNeeded("line\nbreak") == #""line\nbreak""#)
        #expect(Logger.quoteIfNeeded("cr\rlf") == #""cr\rlf""#)
        #expect(Logger.quoteIfNeeded(#"C:\ dir"#) == #""C:\\ dir""#)
    }

    @Test func logLevelNames_ParseCaseInsensitively() {
        #expect(LogLevel(name: "WARN") == .warning)
        #expect(LogLevel(name: "trace") == .debug)
        #expect(LogLevel(name: "verbose") == nil)
        #expect(LogLevel.debug < LogLevel.error)
    }
}
