import Contracts
import JSON

/// What a writing method's job returns: the reply, the events to publish
/// once the transaction has committed, and how many rows it put in the
/// service's outbox itself (so the outbox worker is woken after commit).
public struct WriteOutcome: Sendable {
    public var body: JSONValue
    public var events: [Event]
    public var outboxRows: Int

    public init(body: JSONValue, events: [Event] = [], outboxRows: Int = 0) {
        self.body = body
        self.events = events
        self.outboxRows = outboxRows
    }
}
