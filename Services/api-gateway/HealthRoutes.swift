import Contracts
import JSON
import RPC
import Runtime

/// `GET /health` asks every service for `system.health` in parallel (short
/// deadline) and reports each one up or down; `GET /health/live` answers
/// from the gateway alone, for liveness probes and load tests.
enum HealthRoutes {
    static let probeTimeoutMilliseconds = 1_000

    static func live(_ request: GatewayRequest) {
        request.respond(200, ["status": "ok"])
    }

    static func health(_ request: GatewayRequest) {
        let upstreams = request.upstreams
        // One group per backend of the table; instances of one service
        // report as one: down if any is down.
        let groups = upstreams.directory.services.map { (name: $0.name, clients: upstreams.instances(of: $0)) }
        var up = Array(repeating: true, count: groups.count)
        var outstanding = groups.reduce(0) { $0 + $1.clients.count }

        func finish() {
            var services = JSONObject()
            for (index, group) in groups.enumerated() {
                services.append(group.name, .string(up[index] ? "up" : "down"))
            }
            let healthy = up.allSatisfy { $0 }
            request.respond(healthy ? 200 : 503, [
                "status": .string(healthy ? "ok" : "degraded"),
                "message": .string(healthy ? "gamenight API is running" : "gamenight API is degraded"),
                "services": .object(services),
            ])
        }

        for (index, group) in groups.enumerated() {
            for client in group.clients {
                client.call(Method.health, requestID: request.exchange.requestID,
                            timeoutMilliseconds: probeTimeoutMilliseconds) { result in
                    if case .failure = result { up[index] = false }
                    outstanding -= 1
                    if outstanding == 0 { finish() }
                }
            }
        }
    }
}
