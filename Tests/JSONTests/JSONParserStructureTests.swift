import JSON
import Testing

/// RFC 8259 §4 (objects), §5 (arrays) and §9 (nesting limit).
@Suite struct JSONParserStructureTests {
    @Test func emptyContainers_AreParsed() throws {
        #expect(try JSONValue.parse("[]") == .array([]))
        #expect(try JSONValue.parse("{}") == .object(JSONObject()))
        #expect(try JSONValue.parse("[ ]") == .array([]))
        #expect(try JSONValue.parse("{ \n}") == .object(JSONObject()))
    }

    @Test func arrays_KeepElementOrder() throws {
        let value = try JSONValue.parse(#"[1,"two",[3],{"four":4},null,true,5.5]"#)
        #expect(value == [1, "two", [3], ["four": 4], nil, true, 5.5])
    }

    @Test func objects_KeepMemberOrder() throws {
        let value = try JSONValue.parse(#"{"z":1,"a":2,"m":3}"#)
        #expect(value.objectValue?.keys == ["z", "a", "m"])
    }

    @Test(arguments: [
        ("[1,]", JSONParseError.Reason.unexpectedCharacter, 3),
        ("[,1]", .unexpectedCharacter, 1),
        ("[1 2]", .unexpectedCharacter, 3),
        ("[1;2]", .unexpectedCharacter, 2),
        ("[", .unexpectedEnd, 1),
        ("[1", .unexpectedEnd, 2),
        ("[1,", .unexpectedEnd, 3),
        ("]", .unexpectedCharacter, 0),
    ])
    func malformedArrays_AreRejected(text: String, reason: JSONParseError.Reason, offset: Int) {
        #expect(parseError(text) == error(reason, at: offset))
    }

    @Test(arguments: [
        (#"{"a" 1}"#, JSONParseError.Reason.unexpectedCharacter, 5),
        (#"{a:1}"#, .unexpectedCharacter, 1),
        (#"{'a':1}"#, .unexpectedCharacter, 1),
        (#"{"a":1,}"#, .unexpectedCharacter, 7),
        (#"{,}"#, .unexpectedCharacter, 1),
        (#"{"a":}"#, .unexpectedCharacter, 5),
        (#"{"a":1 "b":2}"#, .unexpectedCharacter, 7),
        (#"{1:2}"#, .unexpectedCharacter, 1),
        (#"{"a"}"#, .unexpectedCharacter, 4),
        (#"{"a""#, .unexpectedEnd, 4),
        (#"{"a":"#, .unexpectedEnd, 5),
        (#"{"a":1"#, .unexpectedEnd, 6),
        (#"{"#, .unexpectedEnd, 1),
        (#"{"a":1]"#, .unexpectedCharacter, 6),
    ])
    func malformedObjects_AreRejected(text: String, reason: JSONParseError.Reason, offset: Int) {
        #expect(parseError(text) == error(reason, at: offset))
    }

    @Test func duplicateNames_KeepFirstPosition_AndLastValue() throws {
        let value = try JSONValue.parse(#"{"a":1,"b":2,"a":3,"c":4,"a":5}"#)
        let object = try #require(value.objectValue)
        #expect(object.keys == ["a", "b", "c"])
        #expect(object["a"] == .int(5))
        #expect(value == ["a": 5, "b": 2, "c": 4])
    }

    @Test func duplicateNames_InLargeObjects_KeepFirstPosition_AndLastValue() throws {
        let members = (0..<40).map { #""k\#($0)":\#($0)"# }
        let text = "{" + members.joined(separator: ",") + #","k3":"x","k30":"y","k3":"z"}"#
        let object = try #require(try JSONValue.parse(text).objectValue)
        #expect(object.count == 40)
        #expect(object.keys == (0..<40).map { "k\($0)" })
        #expect(object["k3"] == .string("z"))
        #expect(object["k30"] == .string("y"))
        #expect(object["k31"] == .int(31))
    }

    @Test func duplicateName_WrittenWithEscapes_IsTheSameName() throws {
        let value = try JSONValue.parse(#"{"ab":1,"\u0061b":2,"a\u0062":3}"#)
        #expect(value == ["ab": 3])
    }

    @Test func longNames_ThatShareHeadAndTail_AreDistinct() throws {
        let names = ["prefix-shared-1-suffix-shared", "prefix-shared-2-suffix-shared", "prefix-shared-3-suffix-shared"]
        let text = "{" + names.map { #""\#($0)":0"# }.joined(separator: ",") + "}"
        #expect(try JSONValue.parse(text).objectValue?.keys == names)
    }

    @Test func canonicallyEquivalentNames_AreDistinctMembers() throws {
        // RFC 8259 §8.3: names compare code unit by code unit.
        let bytes = Array(#"{""#.utf8) + [0xC3, 0xA9] + Array(#"":1,""#.utf8) + [0x65, 0xCC, 0x81] + Array(#"":2}"#.utf8)
        let object = try #require(try JSONValue.parse(bytes).objectValue)
        #expect(object.count == 2)
        #expect(object.members.map { $0.key.utf8.count } == [2, 3])
        #expect(object.members.map(\.value) == [.int(1), .int(2)])
    }

    @Test func manyRepeatsOfOneName_CollapseToOneMember() throws {
        let text = "{" + (0..<50_000).map { #""k":\#($0)"# }.joined(separator: ",") + "}"
        #expect(try JSONValue.parse(text) == ["k": 49_999])
    }

    @Test func manyDistinctNames_AreAllKeptInOrder() throws {
        let text = "{" + (0..<10_000).map { #""member\#($0)":\#($0)"# }.joined(separator: ",") + "}"
        let object = try #require(try JSONValue.parse(text).objectValue)
        #expect(object.count == 10_000)
        #expect(object.members.first?.key == "member0")
        #expect(object.members.last?.key == "member9999")
        #expect(object["member5000"] == .int(5000))
    }

    @Test func maximumNestingDepth_Is512() {
        #expect(JSONValue.maximumNestingDepth == 512)
    }

    @Test func arraysNested512Deep_Parse() throws {
        let text = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        var value = try JSONValue.parse(text)
        var depth = 0
        while let inner = value.arrayValue {
            depth += 1
            value = inner.first ?? .null
        }
        #expect(depth == 512)
    }

    @Test func arraysNested513Deep_AreRejected() {
        let text = String(repeating: "[", count: 513) + String(repeating: "]", count: 513)
        #expect(parseError(text) == error(.nestingTooDeep, at: 512))
    }

    @Test func objectsNested512Deep_Parse_And513_AreRejected() throws {
        func nested(_ depth: Int) -> String {
            String(repeating: #"{"a":"#, count: depth) + "1" + String(repeating: "}", count: depth)
        }
        #expect(throws: Never.self) { try JSONValue.parse(nested(512)) }
        #expect(parseError(nested(513)) == error(.nestingTooDeep, at: 512 * 5))
    }

    @Test func hostileDeepNesting_FailsWithoutCrashing() {
        let text = String(repeating: "[", count: 1_000_000)
        #expect(parseError(text) == error(.nestingTooDeep, at: 512))
    }

    @Test func depth_CountsOpenContainersOnly_NotSiblings() throws {
        let deep = String(repeating: "[", count: 511) + String(repeating: "]", count: 511)
        let text = "[" + Array(repeating: deep, count: 3).joined(separator: ",") + "]"
        #expect(throws: Never.self) { try JSONValue.parse(text) }
        let tooDeep = "[" + deep + ",[" + deep + "]]"
        #expect(parseError(tooDeep)?.reason == .nestingTooDeep)
    }
}
