/// Anything that can arrive on a JSON-RPC connection: both ends of our
/// internal sockets send requests and responses (services push notifications
/// to the gateway), so the codec decodes either.
public enum RPCMessage: Sendable, Equatable {
    case request(RPCRequest)
    case response(RPCResponse)
}
