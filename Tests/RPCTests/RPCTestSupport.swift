import JSON
import RPC

func decode(_ text: String) -> Result<RPCMessage, RPCDecodeFailure> {
    RPCCodec.decode(Array(text.utf8))
}

/// The failure for `text`, or `nil` if it decoded.
func decodeFailure(_ text: String) -> RPCDecodeFailure? {
    if case .failure(let failure) = decode(text) { return failure }
    return nil
}

func decodedRequest(_ text: String) -> RPCRequest? {
    if case .success(.request(let request)) = decode(text) { return request }
    return nil
}

func decodedResponse(_ text: String) -> RPCResponse? {
    if case .success(.response(let response)) = decode(text) { return response }
    return nil
}

func string(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }
