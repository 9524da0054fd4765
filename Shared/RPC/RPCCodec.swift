import JSON

/// Turns newline-delimited frames into JSON-RPC 2.0 messages and back.
///
/// Decoding follows the specification (https://www.jsonrpc.org/specification):
/// - not JSON → `-32700 Parse error`, id `nil` (§5.1);
/// - JSON that is not a valid request or response object → `-32600`, with
///   the id when it could be read (§5);
/// - a batch (a JSON array, §6) → `-32600 "Batch requests are not supported"`.
///   Our services talk to one gateway over a dedicated socket and pipeline
///   requests instead; not batching keeps every frame one message and every
///   reply one line. This answer is itself what §6 prescribes for a batch the
///   server cannot handle as a whole: one error response with a null id.
///
/// Encoding is in `RPCCodec+Encode.swift`.
public enum RPCCodec {
    public static func decode(_ frame: [UInt8]) -> Result<RPCMessage, RPCDecodeFailure> {
        frame.withUnsafeBytes { decode($0) }
    }

    /// Decodes a frame in place, e.g. straight out of a read buffer.
    public static func decode(_ frame: UnsafeRawBufferPointer) -> Result<RPCMessage, RPCDecodeFailure> {
        do throws(JSONParseError) {
            return decode(try JSONValue.parse(frame))
        } catch {
            return .failure(RPCDecodeFailure(error: .parseError(), id: nil))
        }
    }

    /// Validates an already parsed JSON value as a request or a response.
    public static func decode(_ value: JSONValue) -> Result<RPCMessage, RPCDecodeFailure> {
        let members: RPCMembers
        switch value {
        case .object(let object): members = RPCMembers(object)
        case .array: return invalid("Batch requests are not supported", id: nil)
        default: return invalid("Expected a JSON-RPC object", id: nil)
        }

        // §4 and §5: id is a string or a number; we also require an integer.
        let id: RPCID?
        switch members.id {
        case nil, .null?: id = nil
        case let value?:
            guard let parsed = RPCID(value) else { return invalid("id must be a string or an integer", id: nil) }
            id = parsed
        }
        guard members.jsonrpc == .string("2.0") else { return invalid("jsonrpc must be \"2.0\"", id: id) }

        if let method = members.method {
            return decodeRequest(members, method: method, id: id)
        }
        if members.result != nil || members.error != nil {
            return decodeResponse(members, id: id)
        }
        return invalid("Missing method, result or error", id: id)
    }

    /// §4: method is a string, params (if present) structured, id non-null if present.
    private static func decodeRequest(_ members: RPCMembers, method: JSONValue, id: RPCID?)
        -> Result<RPCMessage, RPCDecodeFailure>
    {
        guard members.result == nil, members.error == nil else {
            return invalid("A request must not contain result or error", id: id)
        }
        guard case .string(let name) = method else { return invalid("method must be a string", id: id) }
        switch members.params {
        case nil, .array?, .object?: break
        default: return invalid("params must be an object or an array", id: id)
        }
        if case .null? = members.id { return invalid("id must not be null", id: nil) }
        return .success(.request(RPCRequest(method: name, params: members.params, id: id)))
    }

    /// §5: id is required (null when the request's id was unknown); exactly
    /// one of result and error; §5.1: error has an integer code and a string message.
    private static func decodeResponse(_ members: RPCMembers, id: RPCID?) -> Result<RPCMessage, RPCDecodeFailure> {
        guard members.id != nil else { return invalid("A response must contain an id", id: nil) }
        switch (members.result, members.error) {
        case (let result?, nil):
            return .success(.response(RPCResponse(id: id, result: result)))
        case (nil, let error?):
            guard let object = error.objectValue,
                  case .int(let code)? = object["code"], let wideCode = Int(exactly: code),
                  case .string(let message)? = object["message"]
            else {
                return invalid("error must be an object with an integer code and a string message", id: id)
            }
            let rpcError = RPCError(code: wideCode, message: message, data: object["data"])
            return .success(.response(RPCResponse(id: id, error: rpcError)))
        default:
            return invalid("A response must contain exactly one of result and error", id: id)
        }
    }

    private static func invalid(_ message: String, id: RPCID?) -> Result<RPCMessage, RPCDecodeFailure> {
        .failure(RPCDecodeFailure(error: .invalidRequest(message), id: id))
    }
}

/// The members of a JSON-RPC object that the codec looks at, gathered in one
/// pass over the object (other members are ignored).
private struct RPCMembers {
    var jsonrpc: JSONValue?
    var method: JSONValue?
    var params: JSONValue?
    var id: JSONValue?
    var result: JSONValue?
    var error: JSONValue?

    init(_ object: JSONObject) {
        for member in object.members {
            switch member.key {
            case "jsonrpc": jsonrpc = member.value
            case "method": method = member.value
            case "params": params = member.value
            case "id": id = member.value
            case "result": result = member.value
            case "error": error = member.value
            default: continue
            }
        }
    }
}
