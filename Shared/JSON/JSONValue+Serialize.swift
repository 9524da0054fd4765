extension JSONValue {
    /// Appends the compact JSON text of this value to `output`.
    ///
    /// No insignificant whitespace (RFC 8259 §2), object members in stored
    /// order, strings escaped per §7 (only `"`, `\` and U+0000–U+001F; `/`
    /// and non-ASCII are written as is), integers in decimal, doubles in
    /// their shortest round-trip form (§6); NaN and ±infinity, which JSON
    /// cannot express, are written as `null`.
    public func serialize(into output: inout [UInt8]) {
        var buffer = JSONOutputBuffer(capacity: initialCapacity)
        JSONWriter.write(self, to: &buffer)
        buffer.copy(to: &output)
    }

    /// The compact JSON text of this value as UTF-8 bytes.
    public var serialized: [UInt8] {
        var buffer = JSONOutputBuffer(capacity: initialCapacity)
        JSONWriter.write(self, to: &buffer)
        return buffer.makeArray()
    }

    /// The compact JSON text of this value.
    public var jsonString: String {
        String(decoding: serialized, as: UTF8.self)
    }

    /// A first guess that fits typical API payloads without regrowing.
    private var initialCapacity: Int {
        switch self {
        case .array, .object: 1024
        default: 64
        }
    }
}
