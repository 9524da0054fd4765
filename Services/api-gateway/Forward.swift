import HTTP
import JSON
import RPC
import Runtime

/// The common shape of an API route: forward the request to one service
/// method (params per `ForwardedParams`), answer with its result or its
/// mapped error (`HTTPMapping`).
enum Forward {
    /// How a successful result becomes the HTTP answer.
    enum Answer: Equatable {
        /// The result's JSON bytes, as the service wrote them, with this status.
        case json(status: Int)
        /// The result describes a file (`ExportDownload`).
        case download
        /// The result is `{"headers", "body"}` (`EnvelopedAnswer`): 200
        /// with `body` as JSON and those response headers.
        case enveloped

        static let ok = Answer.json(status: 200)
        static let created = Answer.json(status: 201)
    }

    /// `timeoutMilliseconds`: the call's deadline when not `RPC_TIMEOUT_MS`.
    /// `unknownID`: the answer when a path id names no row (`PathIDs`).
    static func call(_ method: String, on service: BackendService, answer: Answer = .ok,
                     timeoutMilliseconds: Int? = nil, unknownID: HTTPResponse? = nil) -> (GatewayRequest) -> Void {
        { request in
            let body = ForwardedParams.body(method: request.head.method, bytes: request.exchange.body)
            guard body != .invalid else { return request.respond(HTTPMapping.invalidJSON) }
            if let unknownID, !PathIDs.allValid(request.parameters) { return request.respond(unknownID) }
            let params = ForwardedParams.params(path: request.parameters, query: request.head.query)
            let client = request.upstreams.client(for: service)
            client.callRaw(method, params: params, splicing: body.member,
                           requestID: request.exchange.requestID, timeoutMilliseconds: timeoutMilliseconds) { result in
                switch (result, answer) {
                case (.success(let bytes), .json(let status)): request.respond(.json(status: status, body: bytes))
                case (.success(let bytes), .download): request.respond(ExportDownload.response(forResult: bytes))
                case (.success(let bytes), .enveloped): request.respond(EnvelopedAnswer.response(forResult: bytes))
                case (.failure(let error), _): request.respond(HTTPMapping.response(for: error))
                }
            }
        }
    }
}
