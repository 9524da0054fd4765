import HTTP
import JSON
import Runtime

/// A routed request as gateway handlers see it: the exchange, the path
/// parameters, and this loop's upstream connections.
struct GatewayRequest {
    let exchange: HTTPExchange
    let parameters: RouteParameters
    let upstreams: Upstreams
    /// The verified token's claims on Bearer routes, nil on public ones.
    let claims: JSONObject?

    var head: HTTPRequestHead { exchange.head }

    func respond(_ response: HTTPResponse) { exchange.respond(response) }
    func respond(_ status: Int, _ value: JSONValue) { exchange.respond(HTTPMapping.json(status, value)) }

    /// The body as a JSON object, or nil after answering 400
    /// `{"error":"Invalid JSON body"}`. An empty body reads as `{}`.
    func jsonObject() -> JSONObject? {
        if exchange.body.isEmpty { return JSONObject() }
        guard let value = try? JSONValue.parse(exchange.body), case .object(let object) = value else {
            respond(HTTPMapping.invalidJSON)
            return nil
        }
        return object
    }
}

/// One route's settings and handler.
struct GatewayRoute {
    enum Access { case `public`, bearer }

    /// Every route but the chat import (16 MiB) takes at most 1 MiB.
    static let defaultBodyLimit = 1024 * 1024

    var access: Access = .public
    var bodyLimit: Int = GatewayRoute.defaultBodyLimit
    let handle: (GatewayRequest) -> Void
}
