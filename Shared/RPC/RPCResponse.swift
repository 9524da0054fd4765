import JSON

/// A JSON-RPC 2.0 response (specification §5): exactly one of `result` or `error`.
public struct RPCResponse: Sendable, Equatable {
    /// The id of the request answered; `nil` (written as `"id":null`) when the
    /// request's id could not be read, e.g. after a parse error.
    public var id: RPCID?
    public var outcome: Result<JSONValue, RPCError>

    public init(id: RPCID?, outcome: Result<JSONValue, RPCError>) {
        self.id = id
        self.outcome = outcome
    }

    public init(id: RPCID?, result: JSONValue) {
        self.init(id: id, outcome: .success(result))
    }

    public init(id: RPCID?, error: RPCError) {
        self.init(id: id, outcome: .failure(error))
    }
}
