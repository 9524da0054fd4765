import JSON
import Testing

@Suite struct JSONValueAccessorTests {
    let document: JSONValue = ["name": "Zoë", "age": 7, "tags": ["a", "b"], "ok": true, "none": nil, "ratio": 0.5]

    @Test func keySubscript_FindsMembers_AndIsNilOtherwise() {
        #expect(document["name"] == .string("Zoë"))
        #expect(document["missing"] == nil)
        #expect(document["none"] == .null)
        #expect(JSONValue.array([1])["name"] == nil)
        #expect(JSONValue.string("name")["name"] == nil)
    }

    @Test func indexSubscript_FindsElements_AndIsNilOutOfBoundsOrForNonArrays() {
        let tags = document["tags"]
        #expect(tags?[0] == .string("a"))
        #expect(tags?[1] == .string("b"))
        #expect(tags?[2] == nil)
        #expect(tags?[-1] == nil)
        #expect(document[0] == nil)
    }

    @Test func typedAccessors_ReturnValuesOnlyForTheirCase() {
        #expect(document["name"]?.stringValue == "Zoë")
        #expect(document["age"]?.stringValue == nil)
        #expect(document["ok"]?.boolValue == true)
        #expect(document["age"]?.boolValue == nil)
        #expect(document["tags"]?.arrayValue == ["a", "b"])
        #expect(document["name"]?.arrayValue == nil)
        #expect(document.objectValue?.keys == ["name", "age", "tags", "ok", "none", "ratio"])
        #expect(document["tags"]?.objectValue == nil)
    }

    @Test func isNull_IsTrueOnlyForNull() {
        #expect(document["none"]?.isNull == true)
        #expect(document["age"]?.isNull == false)
        #expect(JSONValue.string("null").isNull == false)
    }

    @Test func doubleValue_AcceptsIntAndDouble() {
        #expect(document["age"]?.doubleValue == 7.0)
        #expect(document["ratio"]?.doubleValue == 0.5)
        #expect(document["name"]?.doubleValue == nil)
    }

    @Test func intValue_AcceptsIntegralDoublesWithinRange_Only() {
        #expect(JSONValue.int(7).intValue == 7)
        #expect(JSONValue.double(2.0).intValue == 2)
        #expect(JSONValue.double(-1e3).intValue == -1000)
        #expect(JSONValue.double(-9_223_372_036_854_775_808.0).intValue == .min)
        #expect(JSONValue.double(9_223_372_036_854_775_808.0).intValue == nil)
        #expect(JSONValue.double(2.5).intValue == nil)
        #expect(JSONValue.double(.nan).intValue == nil)
        #expect(JSONValue.double(.infinity).intValue == nil)
        #expect(JSONValue.string("7").intValue == nil)
        #expect(JSONValue.bool(true).intValue == nil)
    }
}
