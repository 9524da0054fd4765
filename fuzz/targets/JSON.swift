import JSON

/// Fuzzes the JSON parser (RFC 8259) behind every request body and RPC
/// frame, and the serializer that writes every response.
///
/// Properties checked on every input:
/// - `JSONValidation.firstError` (the skipping validator the gateway uses on
///   bodies it splices unparsed) agrees exactly with `JSONValue.parse`:
///   same verdict, same error offset and reason; `isObject` likewise;
/// - round trip: whatever parses serializes to text that parses back to an
///   equal value, and serializing that again gives the same bytes;
/// - parsing the same bytes as a `String` gives the same result.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = fuzzBytes(data, size)
    let parsed: Result<JSONValue, JSONParseError>
    do throws(JSONParseError) {
        parsed = .success(try JSONValue.parse(input))
    } catch {
        parsed = .failure(error)
    }

    let validation = JSONValidation.firstError(input)
    switch parsed {
    case .success(let value):
        fuzzCheck(validation == nil, "parse succeeded but firstError says \(String(describing: validation))")
        var isObject = false
        if case .object = value { isObject = true }
        fuzzCheck(JSONValidation.isObject(input) == isObject, "isObject disagrees with parse")
        roundTrip(value)
    case .failure(let error):
        fuzzCheck(validation == error, "parse threw \(error), firstError says \(String(describing: validation))")
        fuzzCheck(!JSONValidation.isObject(input), "isObject accepted what parse rejects")
        fuzzCheck(error.offset >= 0 && error.offset <= input.count, "error offset \(error.offset) outside the input")
    }

    // A String holds only valid UTF-8; where the input is, both entry points agree.
    if let text = String(validating: input, as: UTF8.self) {
        let viaString = Result { () throws(JSONParseError) -> JSONValue in try JSONValue.parse(text) }
        fuzzCheck(viaString == parsed, "parse(String) ≠ parse([UInt8])")
    }
    return 0
}

private func roundTrip(_ value: JSONValue) {
    let text = value.serialized
    let again: JSONValue
    do throws(JSONParseError) {
        again = try JSONValue.parse(text)
    } catch {
        fuzzCheck(false, "serialized text does not parse (\(error)): \(String(decoding: text, as: UTF8.self))")
        return
    }
    fuzzCheck(again == value, "round trip changed the value: \(String(decoding: text, as: UTF8.self))")
    fuzzCheck(again.serialized == text, "serializing twice gave different bytes")
    var appended: [UInt8] = [0x20]
    value.serialize(into: &appended)
    fuzzCheck(appended.dropFirst().elementsEqual(text), "serialize(into:) ≠ serialized")
    fuzzCheck(String(decoding: text, as: UTF8.self) == value.jsonString, "jsonString ≠ serialized")
}
