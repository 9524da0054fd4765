import HTTP
import JSON
import RPC
import Runtime

/// The common shape of an API route: collect path ids, the JSON body and
/// the query into params (the convention in Contracts' `Method`), call one
/// service method, answer with its result or its mapped error.
enum Forward {
    enum Upstream { case session, vote }

    static func call(_ method: String, on upstream: Upstream = .session, status: Int = 200,
                     ids: [String] = [], body: Bool = false, query: Bool = false) -> (GatewayRequest) -> Void {
        { request in
            var params = JSONObject()
            for name in ids { params.append(name, .int(pathID(request.parameters[name]))) }
            if body {
                guard let object = request.jsonObject() else { return }
                params.append("body", .object(object))
            }
            if query {
                var object = JSONObject()
                for item in QueryParameters(request.head.query).items where object[item.name] == nil {
                    object.append(item.name, .string(item.value))
                }
                params.append("query", .object(object))
            }
            let client = request.upstreams.client(for: upstream == .session ? .session : .vote)
            // The service's result bytes become the HTTP body as they are.
            client.callRaw(method, params: params, requestID: request.exchange.requestID) { result in
                switch result {
                case .success(let body): request.respond(.json(status: status, body: body))
                case .failure(let error): request.respond(HTTPMapping.response(for: error))
                }
            }
        }
    }

    /// A positive id from a path segment; 0 (no such row) for anything else,
    /// so `abc`, `-1` and `99999999999999999999` get the route's 404.
    static func pathID(_ text: String?) -> Int64 {
        guard let text, let value = Int64(text), value > 0 else { return 0 }
        return value
    }
}
