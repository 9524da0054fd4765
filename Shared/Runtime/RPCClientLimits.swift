/// How much one `RPCClient` may have outstanding on its one connection
/// before new calls fail at once with "Service busy" (the gateway's 503).
///
/// Why: a service that is alive but does not read (stopped, wedged, or just
/// far behind) never closes its socket, so the client cannot tell it from a
/// slow one. Without a bound every call made meanwhile would wait for its
/// deadline and its request bytes would pile up in the client's send queue
/// (a 16 MiB chat import each) until the process runs out of memory. With
/// it, the caller learns at once that the service is not keeping up, and the
/// client's memory for that connection stays under `maxQueuedBytes` plus
/// one request.
///
/// Pure: the client feeds in its counts; nothing here does I/O.
public struct RPCClientLimits: Sendable, Equatable {
    /// Calls sent and not yet answered (nor past their deadline).
    /// `RPC_MAX_IN_FLIGHT`.
    public var maxInFlightCalls = 1_024
    /// Request bytes the kernel has not yet taken from us (the peer is not
    /// reading). `RPC_MAX_QUEUED_BYTES`.
    public var maxQueuedBytes = 16 * 1024 * 1024

    public init() {}

    public init(maxInFlightCalls: Int, maxQueuedBytes: Int) {
        self.maxInFlightCalls = maxInFlightCalls
        self.maxQueuedBytes = maxQueuedBytes
    }

    /// Whether one more call of `requestBytes` may be sent now.
    ///
    /// A call on an empty send queue always may (within the call count):
    /// a single request larger than `maxQueuedBytes` — a chat import under
    /// a small bound — must still be possible when the service keeps up.
    public func admits(inFlightCalls: Int, queuedBytes: Int, requestBytes: Int) -> Bool {
        inFlightCalls < maxInFlightCalls && admitsNotification(queuedBytes: queuedBytes, bytes: requestBytes)
    }

    /// Whether a notification (best-effort, no reply) of `bytes` may be
    /// queued now; beyond the bound it is dropped rather than buffered.
    public func admitsNotification(queuedBytes: Int, bytes: Int) -> Bool {
        queuedBytes == 0 || queuedBytes + bytes <= maxQueuedBytes
    }
}
