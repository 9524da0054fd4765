/// A params member whose value is JSON the caller already holds as bytes —
/// a request body it has validated — written into the request as it is
/// instead of being parsed into a tree and serialized again.
///
/// The bytes must be one valid JSON text (the encoder does not check; see
/// `JSONValidation`). Valid JSON can hold a raw line break only as
/// whitespace between tokens (RFC 8259 §7: control characters in strings
/// are escaped), so the encoder blanks CR and LF to spaces to keep the
/// request on one NDJSON line without changing its meaning.
public struct RPCRawMember: Sendable, Equatable {
    public let name: String
    public let json: [UInt8]

    public init(name: String, json: [UInt8]) {
        self.name = name
        self.json = json
    }
}
