/// Exponential back-off for reconnect attempts: `initial`, doubling up to
/// `maximum`, back to `initial` after a success. Pure, so it is tested
/// without sockets.
public struct ReconnectBackoff: Sendable {
    public let initialMilliseconds: Int
    public let maximumMilliseconds: Int
    private var next: Int

    public init(initialMilliseconds: Int = 50, maximumMilliseconds: Int = 1_000) {
        self.initialMilliseconds = initialMilliseconds
        self.maximumMilliseconds = maximumMilliseconds
        next = initialMilliseconds
    }

    /// The delay before the next attempt; each call doubles the one after.
    public mutating func nextDelay() -> Int {
        let delay = next
        next = min(maximumMilliseconds, next * 2)
        return delay
    }

    public mutating func reset() { next = initialMilliseconds }
}
