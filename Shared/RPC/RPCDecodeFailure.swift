/// A frame the codec could not turn into an ``RPCMessage``, with the error to
/// send back and the id to send it under.
///
/// `id` is `nil` when the frame was not JSON, was not an object, or had no
/// readable id; the reply then carries `"id":null` (specification §5).
/// For a broken notification the specification still expects an error reply,
/// since the receiver cannot know it was meant as one.
public struct RPCDecodeFailure: Error, Sendable, Equatable {
    public var error: RPCError
    public var id: RPCID?

    public init(error: RPCError, id: RPCID?) {
        self.error = error
        self.id = id
    }

    /// The error response to write back to the peer.
    public var response: RPCResponse { RPCResponse(id: id, error: error) }
}
