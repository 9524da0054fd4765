import HTTP
import JSON
import RPC
import Runtime

/// Turns a service's JSON-RPC outcome into the documented HTTP answer.
///
/// Services return domain errors with `data` = `{"status": <HTTP status>,
/// "body": {…exact documented body…}}`, so the gateway reproduces the
/// documented bodies without knowing every rule. Transport failures become
/// 503 (service down) and 504 (deadline passed).
enum HTTPMapping {
    static func response(for error: RPCError) -> HTTPResponse {
        if let status = error.data?["status"]?.intValue, (202...599).contains(status),
           let body = error.data?["body"], body.objectValue != nil {
            return .json(status: Int(status), body: body.serialized)
        }
        switch error.code {
        case RPCErrorCode.unavailable: return .json(status: 503, body: ErrorBody.bytes(error.message))
        case RPCErrorCode.timeout: return .json(status: 504, body: ErrorBody.bytes(error.message))
        case RPCErrorCode.notFound: return .json(status: 404, body: ErrorBody.bytes(error.message))
        case RPCErrorCode.conflict: return .json(status: 409, body: ErrorBody.bytes(error.message))
        case RPCErrorCode.invalid, RPCErrorCode.invalidParams: return .json(status: 400, body: ErrorBody.bytes(error.message))
        default: return .json(status: 502, body: ErrorBody.bytes("Bad gateway"))
        }
    }

    static func json(_ status: Int, _ value: JSONValue) -> HTTPResponse {
        .json(status: status, body: value.serialized)
    }

    static let notFound = HTTPResponse.json(status: 404, body: ErrorBody.bytes("Not found"))
    static let methodNotAllowed = HTTPResponse.json(status: 405, body: ErrorBody.bytes("Method not allowed"))
    static let tokenRequired = HTTPResponse.json(status: 401, body: ErrorBody.bytes("Access token required"))
    static let invalidToken = HTTPResponse.json(status: 403, body: ErrorBody.bytes("Invalid or expired token"))
    static let invalidJSON = HTTPResponse.json(status: 400, body: ErrorBody.bytes("Invalid JSON body"))
}
