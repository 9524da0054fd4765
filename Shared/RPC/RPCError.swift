import JSON

/// A JSON-RPC 2.0 error object (specification §5.1), also thrown by method handlers.
///
/// `code` is a reserved code (see ``RPCErrorCode``, -32768…-32000) or one of
/// the project's domain codes outside that range.
public struct RPCError: Error, Sendable, Equatable, CustomStringConvertible {
    public var code: Int
    /// A short, single-sentence description.
    public var message: String
    /// Optional extra detail, defined by the method.
    public var data: JSONValue?

    public init(code: Int, message: String, data: JSONValue? = nil) {
        self.code = code
        self.message = message
        self.data = data
    }

    public var description: String { "RPC error \(code): \(message)" }
}
