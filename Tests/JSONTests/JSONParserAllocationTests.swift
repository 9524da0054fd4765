import JSON
import Testing

/// What parsing allocates must stay proportional to the input: an
/// unauthenticated `[{},{},…]` body once cost ~130 bytes per input byte
/// because every object reserved room for 8 members up front.
struct JSONParserAllocationTests {
    @Test func emptyObjects_ReserveNoMembers() throws {
        let parsed = try JSONValue.parse("[{},{},{}]")
        guard case .array(let elements) = parsed else {
            Issue.record("not an array")
            return
        }
        #expect(elements.count == 3)
        for element in elements {
            #expect(element.objectValue?.members.capacity == 0)
        }
    }

    @Test func smallObjects_ReserveAtMostWhatTheyNeedRoughly() throws {
        let parsed = try JSONValue.parse(#"{"a":1}"#)
        #expect((parsed.objectValue?.members.capacity ?? 0) < 8)
    }
}
