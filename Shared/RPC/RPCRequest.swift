import JSON

/// A JSON-RPC 2.0 request or notification (specification §4, §4.1).
public struct RPCRequest: Sendable, Equatable {
    /// The method to invoke. Names starting with `rpc.` are reserved by the
    /// specification; the codec passes them through for the dispatcher to refuse.
    public var method: String
    /// By-name (`.object`) or by-position (`.array`) parameters, or `nil` when omitted (§4.2).
    public var params: JSONValue?
    /// `nil` makes this a notification: the receiver must not reply (§4.1).
    public var id: RPCID?

    public init(method: String, params: JSONValue? = nil, id: RPCID?) {
        self.method = method
        self.params = params
        self.id = id
    }

    public var isNotification: Bool { id == nil }
}
