import JSON

/// A JSON-RPC 2.0 request id (specification §4).
///
/// The specification allows a string, a number or null; we accept strings
/// and integers only. Fractional ids ("SHOULD NOT contain fractional parts")
/// are rejected, and a null id is rejected on requests ("its use is
/// discouraged"); a response carries `nil` instead when the id is unknown.
public enum RPCID: Hashable, Sendable {
    case int(Int64)
    case string(String)

    /// The id as it appears on the wire.
    public var jsonValue: JSONValue {
        switch self {
        case .int(let value): .int(value)
        case .string(let value): .string(value)
        }
    }

    /// Reads an id from its wire form: `.int` and `.string` only (so `1.5`,
    /// `1e3` and integers beyond `Int64`, which parse as `.double`, are not ids).
    public init?(_ value: JSONValue) {
        switch value {
        case .int(let number): self = .int(number)
        case .string(let text): self = .string(text)
        default: return nil
        }
    }
}

extension RPCID: CustomStringConvertible {
    public var description: String {
        switch self {
        case .int(let value): String(value)
        case .string(let value): value.debugDescription
        }
    }
}
