import HTTP
import Runtime

/// Path ids (`:id`, `:sessionGameId`) name rows, and a row id is a positive
/// 64-bit integer written in decimal digits (docs/openapi.json: `minimum: 1`,
/// `maximum: 9223372036854775807`). A segment that is not one — `abc`, `0`,
/// `-1`, `1.5`, `+1`, or digits past `Int64.max` — names no row, so the
/// gateway answers the route's not-found error itself, before the body is
/// looked at or a service is asked: sessions-api.txt lists "Invalid session
/// ID" under 404 `{"error":"Session not found"}` (and "Invalid sessionId or
/// sessionGameId" under 404 `{"error":"Session game not found"}`), and the
/// games and webhooks routes answer 404 for an unknown id the same way.
/// One rule for every route, so a list route (`GET /api/sessions/0/games`)
/// cannot answer 200 for an id the document says cannot exist.
enum PathIDs {
    /// The row id `text` denotes, or nil when it denotes none.
    static func parse(_ text: String) -> Int64? {
        let bytes = text.utf8
        guard !bytes.isEmpty, bytes.allSatisfy({ $0 &- UInt8(ascii: "0") < 10 }),
              let value = Int64(text), value > 0 else { return nil }
        return value
    }

    /// Whether every id parameter of a matched route names a possible row.
    static func allValid(_ parameters: RouteParameters) -> Bool {
        parameters.items.allSatisfy { !ForwardedParams.isIDName($0.name) || parse($0.value) != nil }
    }

    /// The 404 body of a route whose pattern has id parameters, named after
    /// the row its last id selects; nil for a pattern without ids.
    static func notFoundMessage(forPattern pattern: String) -> String? {
        let names = pattern.split(separator: "/").filter { $0.hasPrefix(":") }.map { String($0.dropFirst()) }
        guard names.contains(where: ForwardedParams.isIDName) else { return nil }
        if names.contains("sessionGameId") { return "Session game not found" }
        if pattern.hasPrefix("/api/sessions/") { return "Session not found" }
        if pattern.hasPrefix("/api/games/") { return "Game not found" }
        if pattern.hasPrefix("/api/webhooks/") { return "Webhook not found" }
        return "Not found"
    }

    /// The answer for a request whose path ids name no row, for `pattern`.
    static func notFound(forPattern pattern: String) -> HTTPResponse? {
        notFoundMessage(forPattern: pattern).map { .json(status: 404, body: ErrorBody.bytes($0)) }
    }
}
