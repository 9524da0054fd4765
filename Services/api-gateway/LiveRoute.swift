import HTTP
import Runtime
import WebSocket

/// `GET /api/sessions/live`: the RFC 6455 §4.2 handshake, then the
/// connection belongs to this loop's `LiveHub`.
enum LiveRoute {
    static func handler(hub: LiveHub) -> (GatewayRequest) -> Void {
        { request in
            switch WebSocketHandshake.evaluate(request.head) {
            case .failure(let refusal):
                request.respond(refusal.response)
            case .success where !hub.hasRoom:
                request.respond(.json(status: 503, body: ErrorBody.bytes("Too many live connections")))
            case .success(let switching):
                request.exchange.upgrade(switching) { stream, leftover in
                    hub.accept(stream, leftover: leftover)
                }
            }
        }
    }
}
