extension JSONValue {
    /// Deepest nesting of arrays and objects that `parse(_:)` accepts.
    public static var maximumNestingDepth: Int { JSONParser.maximumDepth }

    /// Parses one JSON text (RFC 8259 §2), strictly.
    ///
    /// Leading and trailing whitespace is allowed; anything else after the
    /// value is an error. See ``JSONParseError/Reason`` for every rejection.
    /// Integers that fit in `Int64` become `.int`, other numbers `.double`;
    /// for duplicate object names the last value wins at the first position.
    ///
    /// - Parameter bytes: UTF-8 encoded JSON text, without a byte order mark (RFC 8259 §8.1).
    /// - Throws: ``JSONParseError`` with the byte offset of the first invalid byte.
    public static func parse(_ bytes: UnsafeRawBufferPointer) throws(JSONParseError) -> JSONValue {
        var parser = JSONParser(bytes: bytes.assumingMemoryBound(to: UInt8.self))
        return try parser.parseDocument()
    }

    /// Parses one JSON text from a byte array; see `parse(_:)`.
    public static func parse(_ bytes: [UInt8]) throws(JSONParseError) -> JSONValue {
        let result = bytes.withUnsafeBytes { buffer in
            Result { () throws(JSONParseError) -> JSONValue in try parse(buffer) }
        }
        return try result.get()
    }

    /// Parses one JSON text from a string's UTF-8; see `parse(_:)`.
    public static func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        var text = text
        let result = text.withUTF8 { buffer in
            Result { () throws(JSONParseError) -> JSONValue in try parse(UnsafeRawBufferPointer(buffer)) }
        }
        return try result.get()
    }
}
