import JSON

/// The error `JSONValue.parse` reports for `bytes`, or `nil` if they parse.
func parseError(_ bytes: [UInt8]) -> JSONParseError? {
    do {
        _ = try JSONValue.parse(bytes)
        return nil
    } catch {
        return error
    }
}

func parseError(_ text: String) -> JSONParseError? {
    parseError(Array(text.utf8))
}

/// `text` wrapped in quotes, as raw bytes, with `inner` spliced in after the
/// opening quote — for feeding bytes that a Swift `String` cannot hold.
func quoted(_ inner: [UInt8]) -> [UInt8] {
    [UInt8(ascii: "\"")] + inner + [UInt8(ascii: "\"")]
}

func error(_ reason: JSONParseError.Reason, at offset: Int) -> JSONParseError {
    JSONParseError(offset: offset, reason: reason)
}
