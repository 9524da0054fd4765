import JSON

/// An event a service publishes after a change has committed
/// (platform-api.md "Events"): the type and its `data` object.
public struct Event: Sendable, Equatable {
    public let type: String
    public let data: JSONObject

    public init(_ type: String, _ data: JSONObject) {
        self.type = type
        self.data = data
    }

    /// The `events.publish` params.
    public var params: JSONObject { ["type": .string(type), "data": .object(data)] }
}
