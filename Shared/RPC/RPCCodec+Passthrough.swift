/// A fast path for proxies: the raw bytes of a success response's `result`
/// without building a JSON tree.
///
/// It recognises exactly the layout `RPCCodec.encode(_: RPCResponse)` writes
/// for a success with an integer id — `{"jsonrpc":"2.0","result":` + value +
/// `,"id":` + digits + `}` — and returns nil for anything else (errors,
/// string ids, other encoders), which callers decode the ordinary way. The
/// value itself is not validated: this is for frames from our own services,
/// whose encoder only writes valid JSON. Scanning backwards is unambiguous:
/// only digits and `}` may follow the last `,"id":`.
extension RPCCodec {
    private static let successPrefix = Array(#"{"jsonrpc":"2.0","result":"#.utf8)
    private static let idMarker = Array(#","id":"#.utf8)

    public static func successResult(_ frame: [UInt8]) -> (id: Int64, result: ArraySlice<UInt8>)? {
        let prefix = successPrefix
        guard frame.count > prefix.count + idMarker.count + 2, frame.last == UInt8(ascii: "}"),
              frame[..<prefix.count].elementsEqual(prefix) else { return nil }
        // Digits of the id, backwards from before the closing brace.
        var index = frame.count - 2
        var id: Int64 = 0
        var scale: Int64 = 1
        var digits = 0
        while index >= 0, frame[index] >= UInt8(ascii: "0"), frame[index] <= UInt8(ascii: "9") {
            let (product, overflow) = Int64(frame[index] - UInt8(ascii: "0")).multipliedReportingOverflow(by: scale)
            guard !overflow, digits < 18 else { return nil }
            id += product
            scale *= 10
            digits += 1
            index -= 1
        }
        guard digits > 0 else { return nil }
        let markerStart = index - idMarker.count + 1
        guard markerStart > prefix.count, frame[markerStart...index].elementsEqual(idMarker) else { return nil }
        return (id, frame[prefix.count..<markerStart])
    }
}
