@testable import HTTP
import Testing

struct PercentDecodingTests {
    @Test(arguments: [
        ("abc", "abc"), ("a%20b", "a b"), ("%E2%82%AC", "€"), ("%e2%82%ac", "€"), ("a+b", "a+b"),
        ("%2F", "/"), ("caf%C3%A9", "café"), ("", ""), ("%25", "%"),
    ])
    func validEscapes_areDecoded(raw: String, decoded: String) {
        #expect(PercentDecoding.decode(raw) == decoded)
    }

    @Test(arguments: ["%", "%4", "a%", "%zz", "%G0", "%0g", "%%20"])
    func malformedEscape_givesNil(raw: String) {
        #expect(PercentDecoding.decode(raw) == nil)
    }

    @Test(arguments: ["%FF", "%C0%AF", "%E2%82", "%ED%A0%80", "%F4%90%80%80", "%80"])
    func escapesDecodingToInvalidUTF8_giveNil(raw: String) {
        #expect(PercentDecoding.decode(raw) == nil)
    }

    @Test func substrings_canBeDecodedDirectly() {
        let path = "/api/s%201/x"
        let segment = path.split(separator: "/")[1]
        #expect(PercentDecoding.decode(segment) == "s 1")
    }
}

struct QueryParametersTests {
    @Test func pairs_areDecodedWithPlusAsSpace_inOrder() {
        let items = QueryParameters.parse("a=1&b=two+words&c=%E2%82%AC&d=%2B")
        #expect(items.map(\.name) == ["a", "b", "c", "d"])
        #expect(items.map(\.value) == ["1", "two words", "€", "+"])
    }

    @Test func pairWithoutEquals_hasEmptyValue_andEmptyPairsAreSkipped() {
        let items = QueryParameters.parse("&flag&&x=&=v&")
        #expect(items.map(\.name) == ["flag", "x", ""])
        #expect(items.map(\.value) == ["", "", "v"])
    }

    @Test func valueMayContainEquals() {
        #expect(QueryParameters("k=a=b").first("k") == "a=b")
    }

    @Test func malformedEscapes_areKeptLiterally_andInvalidUTF8IsReplaced() {
        let query = QueryParameters("bad=%zz&cut=50%&bin=%FF")
        #expect(query.first("bad") == "%zz")
        #expect(query.first("cut") == "50%")
        #expect(query.first("bin") == "\u{FFFD}")
    }

    @Test func first_returnsTheFirstOfRepeatedNames_andValuesReturnsAll() {
        let query = QueryParameters("tag=a&tag=b&other=c")
        #expect(query.first("tag") == "a")
        #expect(query.values("tag") == ["a", "b"])
        #expect(query.first("missing") == nil)
        #expect(query.first("TAG") == nil)
    }

    @Test func namesAreDecodedToo() {
        #expect(QueryParameters("sort%5Bby%5D=name").first("sort[by]") == "name")
    }

    @Test func missingQuery_hasNoItems() {
        #expect(QueryParameters(nil).items.isEmpty)
        #expect(QueryParameters("").items.isEmpty)
    }
}
