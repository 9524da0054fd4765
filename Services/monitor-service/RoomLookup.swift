import JSON

/// The ecast REST room lookup, `GET {ECAST_BASE_URL}/api/v2/rooms/{CODE}`:
/// the request URL, the 200 body and what each status code means.
///
/// The I/O layer performs the request and feeds the outcome to the machine
/// as `lookupSucceeded` / `lookupFailed`.
enum RoomLookup {
    /// The fields of the 200 body (`{"ok":true,"body":{…}}`) the monitor uses.
    struct Room: Sendable, Equatable {
        var code: String
        var appTag: String?
        /// The shard host, possibly with a port (`127.0.0.1:PORT` in tests).
        var host: String?
        var maxPlayers: Int?
        var minPlayers: Int?
        /// `true` once the game has started.
        var locked: Bool
        var full: Bool

        init(code: String, appTag: String? = nil, host: String? = nil, maxPlayers: Int? = nil, minPlayers: Int? = nil,
             locked: Bool = false, full: Bool = false) {
            self.code = code
            self.appTag = appTag
            self.host = host
            self.maxPlayers = maxPlayers
            self.minPlayers = minPlayers
            self.locked = locked
            self.full = full
        }
    }

    /// Why a lookup gave no room. `notFound` is final (unknown or closed
    /// room); `transient` (other statuses, network errors, a 200 we cannot
    /// read) is worth retrying with back-off.
    enum Failure: Error, Sendable, Equatable {
        case notFound
        case transient
    }

    /// The lookup URL. A trailing `/` on the base is tolerated; the code is
    /// percent-encoded like any path segment.
    static func url(baseURL: String, code: String) -> String {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        return base + "/api/v2/rooms/" + ShardURL.percentEncode(code)
    }

    /// Classifies a response: 200 with a readable body → the room; 404 →
    /// `notFound`; anything else → `transient`.
    static func classify(status: Int, body: String, requestedCode: String) -> Result<Room, Failure> {
        switch status {
        case 200:
            guard let room = parse(body: body, requestedCode: requestedCode) else { return .failure(.transient) }
            return .success(room)
        case 404:
            return .failure(.notFound)
        default:
            return .failure(.transient)
        }
    }

    /// Reads a 200 body. The room object is `body` (falling back to the top
    /// level, in case a server omits the envelope); nil when there is no
    /// object at all or `ok` is explicitly `false`. Missing or mistyped
    /// fields read as absent; `code` falls back to the code we asked for.
    static func parse(body: String, requestedCode: String) -> Room? {
        guard let document = try? JSONValue.parse(body), document.objectValue != nil else { return nil }
        if document["ok"]?.boolValue == false { return nil }
        guard let room = (document["body"] ?? document).objectValue else { return nil }
        func int(_ key: String) -> Int? { room[key]?.intValue.flatMap { Int(exactly: $0) } }
        let host = room["host"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        return Room(code: room["code"]?.stringValue ?? requestedCode, appTag: room["appTag"]?.stringValue,
                    host: host, maxPlayers: int("maxPlayers"), minPlayers: int("minPlayers"),
                    locked: room["locked"]?.boolValue ?? false, full: room["full"]?.boolValue ?? false)
    }
}
