import JSON

/// Encoding a request with one pre-serialized params member (`RPCRawMember`).
extension RPCCodec {
    /// Like `encode(_: RPCRequest)`, with `member` written as the last
    /// member of the params object (params `nil` counts as `{}`):
    /// `{"jsonrpc":"2.0","method":…,"params":{…,"<name>":<bytes>},"id":…}\n`.
    /// Params that are not an object are a programming error.
    public static func encode(_ request: RPCRequest, splicing member: RPCRawMember) -> [UInt8] {
        let params: JSONObject
        switch request.params {
        case .object(let object)?: params = object
        case nil: params = JSONObject()
        default: preconditionFailure("a spliced member needs by-name params")
        }
        var output: [UInt8] = []
        output.reserveCapacity(member.json.count + member.name.utf8.count + 256)
        appendLiteral(#"{"jsonrpc":"2.0","method":"#, to: &output)
        JSONValue.string(request.method).serialize(into: &output)
        appendLiteral(#","params":"#, to: &output)
        JSONValue.object(params).serialize(into: &output)
        output.removeLast()  // the params object's `}`: the member goes before it
        if params.count > 0 { output.append(UInt8(ascii: ",")) }
        JSONValue.string(member.name).serialize(into: &output)
        output.append(UInt8(ascii: ":"))
        appendBlankingLineBreaks(member.json, to: &output)
        output.append(UInt8(ascii: "}"))
        if let id = request.id {
            appendLiteral(#","id":"#, to: &output)
            id.jsonValue.serialize(into: &output)
        }
        appendLiteral("}\n", to: &output)
        return output
    }

    /// Appends `json` with every CR and LF turned into a space (in valid
    /// JSON they can only be whitespace between tokens).
    private static func appendBlankingLineBreaks(_ json: [UInt8], to output: inout [UInt8]) {
        let start = output.count
        output.append(contentsOf: json)
        output.withUnsafeMutableBufferPointer { buffer in
            for index in start..<buffer.count where buffer[index] == 0x0A || buffer[index] == 0x0D {
                buffer[index] = 0x20
            }
        }
    }
}
