import Contracts
import JSON
import ServiceSupport

/// The writable fields of a webhook, validated from a request body.
/// `POST` requires name, url, secret and events; `PATCH` takes any subset
/// plus `enabled`. Every rejection is a 400 with a message that names the
/// problem.
struct WebhookFields: Equatable {
    var name: String?
    var url: String?
    var secret: String?
    var events: [String]?
    var enabled: Bool?

    static let missingFieldsError = "Missing required fields: name, url, secret, events"
    static let urlError = "url must be an http or https URL"
    static let eventsError = "events must be a non-empty array of event types"
    static let noFieldsError = "No valid fields to update. Allowed: name, url, secret, events, enabled"

    /// Bounds that keep a row (and every delivery's headers) reasonable. Name
    /// and secret are counted in characters (Unicode scalars), as JSON
    /// Schema's `maxLength` counts them (docs/openapi.json) and as
    /// `FieldLimits` does.
    static let maxNameLength = 200
    static let maxURLLength = 2048
    static let maxSecretLength = 1024

    /// `POST /api/webhooks`: all four required.
    static func forCreate(_ body: JSONObject) throws -> WebhookFields {
        for key in ["name", "url", "secret", "events"] where body.isMissing(key) {
            throw APIError.badRequest(missingFieldsError)
        }
        return try parse(body)
    }

    /// `PATCH /api/webhooks/{id}`: at least one known field.
    static func forUpdate(_ body: JSONObject) throws -> WebhookFields {
        let fields = try parse(body)
        guard fields != WebhookFields() else { throw APIError.badRequest(noFieldsError) }
        return fields
    }

    private static func parse(_ body: JSONObject) throws -> WebhookFields {
        var fields = WebhookFields()
        if let value = body["name"] {
            guard let name = value.stringValue, !isBlank(name), name.unicodeScalars.count <= maxNameLength else {
                throw APIError.badRequest("name must be a non-empty string of at most \(maxNameLength) characters")
            }
            fields.name = name
        }
        if let value = body["url"] {
            guard let url = value.stringValue, isHTTPURL(url) else { throw APIError.badRequest(urlError) }
            fields.url = url
        }
        if let value = body["secret"] {
            guard let secret = value.stringValue, !secret.isEmpty, secret.unicodeScalars.count <= maxSecretLength else {
                throw APIError.badRequest("secret must be a non-empty string of at most \(maxSecretLength) characters")
            }
            fields.secret = secret
        }
        if let value = body["events"] {
            fields.events = try events(value)
        }
        if let value = body["enabled"] {
            switch value {
            case .bool(let flag): fields.enabled = flag
            case .int(let flag) where flag == 0 || flag == 1: fields.enabled = flag == 1
            default: throw APIError.badRequest("enabled must be a boolean")
            }
        }
        return fields
    }

    /// A non-empty array of known types; duplicates collapse, order kept.
    static func events(_ value: JSONValue) throws -> [String] {
        guard let items = value.arrayValue, !items.isEmpty else { throw APIError.badRequest(eventsError) }
        var events: [String] = []
        for item in items {
            guard let type = item.stringValue else { throw APIError.badRequest(eventsError) }
            guard WebhookEvents.isSubscribable(type) else { throw APIError.badRequest("Unknown event type: \(type)") }
            if !events.contains(type) { events.append(type) }
        }
        return events
    }

    /// `http://` or `https://` (any case) with a non-empty host, and an
    /// RFC 3986 URI throughout (`HTTPURLSyntax`). libcurl is the real parser;
    /// this keeps other schemes (file:, gopher:…) and garbage out at the door
    /// — delivery also restricts libcurl to http and https.
    static func isHTTPURL(_ url: String) -> Bool {
        url.utf8.count <= maxURLLength && HTTPURLSyntax.isValid(url)
    }

    private static func isBlank(_ text: String) -> Bool {
        text.allSatisfy { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
    }
}
