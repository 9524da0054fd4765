import JSON
import RPC

/// Fuzzes the JSON-RPC transport between the gateway and the services:
/// `LineFramer` (NDJSON framing) and `RPCCodec` (JSON-RPC 2.0 decoding and
/// encoding, the splice and pass-through fast paths).
///
/// Properties checked on every input:
/// - the same frames and the same error whether the stream arrives whole,
///   byte by byte, or in input-derived chunks; frames are non-empty, hold no
///   LF, do not end in CR, and are within the limit;
/// - every decoded message encodes to exactly one line that decodes back to
///   an equal message; every decode failure yields an encodable error
///   response with code -32700 or -32600;
/// - a success response with an integer id round-trips through the
///   `successResult` fast path to the same id and the same result bytes;
/// - a frame that is valid JSON, spliced raw into a request's params, gives
///   one line that decodes to a request whose member equals the parsed frame.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRPC(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = fuzzBytes(data, size)
    var random = FuzzRandom(seed: input)
    let maxFrameBytes = random.pick([1, 16, 200, 16 * 1024 * 1024])

    var reference: (frames: [[UInt8]], error: LineFramerError?)?
    for feeding in Feeding.allCases {
        let run = frames(input, feeding, maxFrameBytes: maxFrameBytes)
        if let reference {
            fuzzCheck(run.frames == reference.frames, "frames differ: whole vs \(feeding)")
            fuzzCheck(run.error == reference.error, "framer error differs: whole vs \(feeding)")
        } else {
            reference = run
        }
    }
    for frame in reference?.frames ?? [] { codec(frame) }
    return 0
}

private func frames(_ input: [UInt8], _ feeding: Feeding, maxFrameBytes: Int)
    -> (frames: [[UInt8]], error: LineFramerError?) {
    var framer = LineFramer(maxFrameBytes: maxFrameBytes)
    var frames: [[UInt8]] = []
    for (index, chunk) in feeding.chunks(input, seed: input).enumerated() {
        framer.append(chunk: chunk, number: index)
        do {
            while let frame = try framer.nextFrame() {
                // One CR before the LF is stripped; a second one stays part of the frame.
                fuzzCheck(!frame.isEmpty && !frame.contains(0x0A), "empty frame or frame holding a LF")
                fuzzCheck(frame.count <= maxFrameBytes, "frame of \(frame.count) bytes over \(maxFrameBytes)")
                frames.append(frame)
            }
        } catch {
            return (frames, error)
        }
    }
    return (frames, nil)
}

private func codec(_ frame: [UInt8]) {
    switch RPCCodec.decode(frame) {
    case .success(let message):
        let line = RPCCodec.encode(message)
        let body = expectOneLine(line)
        fuzzCheck(RPCCodec.decode(body) == .success(message), "decode(encode(m)) ≠ m for \(message)")
        if case .response(let response) = message { passThrough(response) }
    case .failure(let failure):
        fuzzCheck([-32700, -32600].contains(failure.error.code), "decode failure with code \(failure.error.code)")
        let line = RPCCodec.encode(failure.response)
        let body = expectOneLine(line)
        guard case .success(.response(let response)) = RPCCodec.decode(body) else {
            fuzzCheck(false, "an error response does not decode as a response")
            return
        }
        fuzzCheck(response == failure.response, "error response does not round-trip")
    }
    // Any frame may reach the fast path; only a well-formed success answers.
    if let (id, result) = RPCCodec.successResult(frame) {
        fuzzCheck(id >= 0, "negative id from the fast path")
        _ = result
    }
    splice(frame)
}

/// The line without its `\n`, checking there is exactly one `\n`, at the end.
private func expectOneLine(_ line: [UInt8]) -> [UInt8] {
    fuzzCheck(line.last == 0x0A, "encoded message does not end in LF")
    let body = Array(line.dropLast())
    fuzzCheck(!body.contains(0x0A) && !body.contains(0x0D), "encoded message holds a line break")
    return body
}

private func passThrough(_ response: RPCResponse) {
    guard case .success(let result) = response.outcome, case .int(let id)? = response.id,
          id >= 0, id < 1_000_000_000_000_000_000 else { return }
    let body = Array(RPCCodec.encode(response).dropLast())
    guard let fast = RPCCodec.successResult(body) else {
        fuzzCheck(false, "successResult missed our own success response")
        return
    }
    fuzzCheck(fast.id == id, "successResult id \(fast.id) ≠ \(id)")
    fuzzCheck(Array(fast.result) == result.serialized, "successResult bytes ≠ the serialized result")
}

private func splice(_ frame: [UInt8]) {
    guard JSONValidation.firstError(frame) == nil, let value = try? JSONValue.parse(frame) else { return }
    let params: JSONObject = ["sessionId": .int(1), "body": .string("replaced")]
    let request = RPCRequest(method: "votes.importChat", params: .object(params), id: .int(9))
    let line = RPCCodec.encode(request, splicing: RPCRawMember(name: "body", json: frame))
    let body = expectOneLine(line)
    guard case .success(.request(let decoded)) = RPCCodec.decode(body) else {
        fuzzCheck(false, "spliced request does not decode: \(String(decoding: body, as: UTF8.self))")
        return
    }
    fuzzCheck(decoded.method == request.method && decoded.id == request.id, "spliced request header changed")
    // Duplicate names: the last value wins, at the first position.
    fuzzCheck(decoded.params?["body"] == value, "spliced member ≠ the parsed frame")
    fuzzCheck(decoded.params?["sessionId"] == .int(1), "spliced request lost a member")
}

extension LineFramer: ByteAppending {}
