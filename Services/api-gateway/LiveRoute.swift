import HTTP
import Runtime
import WebSocket

/// `GET /api/sessions/live`: the RFC 6455 §4.2 handshake, then the
/// connection belongs to this loop's `LiveHub`. `GET
/// /api/sessions/live/public` (`readOnly`) is the same feed for the stream
/// overlay: no auth, subscribe/ping only, no presence (see `LiveHub`).
enum LiveRoute {
    static func handler(hub: LiveHub, readOnly: Bool = false) -> (GatewayRequest) -> Void {
        { request in
            switch WebSocketHandshake.evaluate(request.head) {
            case .failure(let refusal):
                request.respond(refusal.response)
            case .success where !hub.hasRoom(readOnly: readOnly):
                request.respond(.json(status: 503, body: ErrorBody.bytes("Too many live connections")))
            case .success(let switching):
                request.exchange.upgrade(switching) { stream, leftover in
                    hub.accept(stream, leftover: leftover, readOnly: readOnly)
                }
            }
        }
    }
}
