import JSON

/// One ecast entity: its key, its value and the version the server stamped
/// on it. Versions let the monitor drop duplicate and out-of-order updates.
struct EcastEntity: Sendable, Equatable {
    var key: String
    var val: JSONValue
    var version: Int64?

    init(key: String, val: JSONValue, version: Int64?) {
        self.key = key
        self.val = val
        self.version = version
    }

    /// The keys games use for the room-state entity. Which one a game uses
    /// varies, so every one is checked, in this order.
    static let roomKeys = ["bc:room", "room", "roomBlob"]

    /// The key of the text-descriptions entity (joins appear there in some games).
    static let textDescriptionsKey = "textDescriptions"

    static func isRoomKey(_ key: String) -> Bool { roomKeys.contains(key) }

    /// An `object` payload `{"key","val","version","from"}`; nil without a
    /// string key.
    init?(object value: JSONValue?) {
        guard let key = value?["key"]?.stringValue else { return nil }
        self.init(key: key, val: value?["val"] ?? .null, version: value?["version"]?.intValue)
    }

    /// The room entity in a welcome's `entities`, where each entry is
    /// `[type, {key, val, version, from}, {locked}]`. The payload's own `key`
    /// wins; the map key stands in when the payload has none.
    static func roomEntity(inEntities entities: JSONValue?) -> EcastEntity? {
        for key in roomKeys {
            guard let entry = entities?[key] else { continue }
            let payload = entry[1] ?? entry
            if let entity = EcastEntity(object: payload) { return entity }
            if payload.objectValue != nil {
                return EcastEntity(key: key, val: payload["val"] ?? .null, version: payload["version"]?.intValue)
            }
        }
        return nil
    }
}
