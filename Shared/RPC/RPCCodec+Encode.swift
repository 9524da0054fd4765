import JSON

/// Encoding: compact JSON followed by exactly one `\n`, members in the order
/// `jsonrpc`, `method` / `result` / `error`, `params`, `id`.
extension RPCCodec {
    /// `{"jsonrpc":"2.0","method":…,"params":…,"id":…}\n`; `params` is
    /// omitted when `nil`, `id` when the request is a notification (§4.1:
    /// a notification has no id member, which is not the same as `"id":null`).
    public static func encode(_ request: RPCRequest) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(128)
        appendLiteral(#"{"jsonrpc":"2.0","method":"#, to: &output)
        JSONValue.string(request.method).serialize(into: &output)
        if let params = request.params {
            appendLiteral(#","params":"#, to: &output)
            params.serialize(into: &output)
        }
        if let id = request.id {
            appendLiteral(#","id":"#, to: &output)
            id.jsonValue.serialize(into: &output)
        }
        appendLiteral("}\n", to: &output)
        return output
    }

    /// `{"jsonrpc":"2.0","result":…,"id":…}\n` or
    /// `{"jsonrpc":"2.0","error":{"code":…,"message":…,"data":…},"id":…}\n`;
    /// `data` is omitted when `nil`; an unknown id is written as `null` (§5).
    public static func encode(_ response: RPCResponse) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(128)
        switch response.outcome {
        case .success(let result):
            appendLiteral(#"{"jsonrpc":"2.0","result":"#, to: &output)
            result.serialize(into: &output)
        case .failure(let error):
            appendLiteral(#"{"jsonrpc":"2.0","error":{"code":"#, to: &output)
            JSONValue.int(Int64(error.code)).serialize(into: &output)
            appendLiteral(#","message":"#, to: &output)
            JSONValue.string(error.message).serialize(into: &output)
            if let data = error.data {
                appendLiteral(#","data":"#, to: &output)
                data.serialize(into: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
        appendLiteral(#","id":"#, to: &output)
        (response.id?.jsonValue ?? .null).serialize(into: &output)
        appendLiteral("}\n", to: &output)
        return output
    }

    public static func encode(_ message: RPCMessage) -> [UInt8] {
        switch message {
        case .request(let request): encode(request)
        case .response(let response): encode(response)
        }
    }

    static func appendLiteral(_ literal: StaticString, to output: inout [UInt8]) {
        output.append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }
}
