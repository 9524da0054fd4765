import JSON

/// The client messages of `/api/sessions/live` and the server's replies
/// (platform-api.md "WebSocket"), as pure values: parsing and building
/// are tested without sockets.
enum LiveProtocol {
    enum ClientMessage: Equatable {
        case auth(token: String?)
        case subscribe(sessionID: Int64?)
        case unsubscribe(sessionID: Int64?)
        case ping
        /// `{"type":"page_focus","page":…}`; nil when the page is not a
        /// non-empty string of at most `maxPageLength` characters.
        case pageFocus(page: String?)
        case unknown
        case invalid
    }

    static func parse(_ text: String) -> ClientMessage {
        guard let value = try? JSONValue.parse(text), let object = value.objectValue else { return .invalid }
        switch object["type"]?.stringValue {
        case "auth"?:
            let token = object["token"]?.stringValue
            return .auth(token: token?.isEmpty == true ? nil : token)
        case "subscribe"?: return .subscribe(sessionID: sessionID(object["sessionId"]))
        case "unsubscribe"?: return .unsubscribe(sessionID: sessionID(object["sessionId"]))
        case "ping"?: return .ping
        case "page_focus"?:
            guard let page = object["page"]?.stringValue, !page.isEmpty, page.count <= maxPageLength else {
                return .pageFocus(page: nil)
            }
            return .pageFocus(page: page)
        default: return .unknown
        }
    }

    /// A session id given as a JSON integer or a numeric string.
    private static func sessionID(_ value: JSONValue?) -> Int64? {
        switch value {
        case .int(let id)? where id > 0: return id
        case .string(let text)?: return Int64(text).flatMap { $0 > 0 ? $0 : nil }
        default: return nil
        }
    }

    static let maxPageLength = 200

    static let authSuccess = reply(["type": "auth_success", "message": "Authenticated successfully"])
    static let authInvalid = reply(["type": "auth_error", "message": "Invalid or expired token"])
    static let authMissing = reply(["type": "auth_error", "message": "Token required"])
    static let notAuthenticated = reply(["type": "error", "message": "Not authenticated"])
    static let unknownType = reply(["type": "error", "message": "Unknown message type"])
    static let invalidMessage = reply(["type": "error", "message": "Invalid message format"])
    static let sessionIDRequired = reply(["type": "error", "message": "sessionId is required"])
    static let pong = reply(["type": "pong"])
    static let readOnly = reply(["type": "error", "message": "This connection is read-only: only subscribe, unsubscribe and ping"])
    static let tooManySubscriptions = reply(["type": "error", "message": "Too many subscriptions"])
    static let invalidPage = reply(["type": "error", "message": "page must be a non-empty string of at most 200 characters"])

    static func subscribed(_ id: Int64) -> String {
        reply(["type": "subscribed", "sessionId": .int(id), "message": .string("Subscribed to session \(id)")])
    }

    static func unsubscribed(_ id: Int64) -> String {
        reply(["type": "unsubscribed", "sessionId": .int(id)])
    }

    /// The event envelope `{"type","timestamp","data"}`.
    static func event(type: String, timestamp: String, data: JSONObject) -> String {
        reply(["type": .string(type), "timestamp": .string(timestamp), "data": .object(data)])
    }

    /// Which session an event belongs to: `data.sessionId` or
    /// `data.session.id`; nil for none.
    static func sessionID(ofEventData data: JSONObject) -> Int64? {
        data["sessionId"]?.intValue ?? data["session"]?["id"]?.intValue
    }

    private static func reply(_ object: JSONObject) -> String { JSONValue.object(object).jsonString }
}
