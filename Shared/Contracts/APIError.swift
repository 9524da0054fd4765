import JSON
import RPC

/// A documented API error raised inside a service: the HTTP status and the
/// exact body the document prescribes. It crosses the JSON-RPC hop as an
/// `RPCError` whose `data` is `{"status": …, "body": …}`; the gateway
/// answers with exactly that (see the gateway's `HTTPMapping`).
public struct APIError: Error, Sendable, Equatable {
    public let status: Int
    public let body: JSONObject

    public init(_ status: Int, _ message: String, extra: JSONObject = JSONObject()) {
        self.status = status
        var body: JSONObject = ["error": .string(message)]
        for member in extra.members { body.append(member.key, member.value) }
        self.body = body
    }

    public var message: String { body["error"]?.stringValue ?? "" }

    public var rpcError: RPCError {
        let code: Int
        switch status {
        case 404: code = RPCErrorCode.notFound
        case 409: code = RPCErrorCode.conflict
        default: code = RPCErrorCode.invalid
        }
        return RPCError(code: code, message: message, data: ["status": .int(Int64(status)), "body": .object(body)])
    }

    public static func notFound(_ message: String) -> APIError { APIError(404, message) }
    public static func badRequest(_ message: String) -> APIError { APIError(400, message) }
}

extension RPCError {
    /// A 202 answer with `body` (see `RPCErrorCode.accepted`).
    public static func accepted(_ body: JSONObject) -> RPCError {
        RPCError(code: RPCErrorCode.accepted, message: "Accepted", data: ["status": 202, "body": .object(body)])
    }
}
