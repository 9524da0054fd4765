import HTTP
import JSON
import Runtime

/// A JSON answer whose service also sets response headers: the result is
/// `{"headers": {"<name>": "<value>", …}, "body": <any JSON>}` (only
/// `Method.sessionsList` answers this way, for `X-Prev-Last-Date`). The
/// answer is 200 with `body` serialized and those headers, each also listed
/// in `Access-Control-Expose-Headers` so a dashboard on another origin can
/// read it. A header name that is not an HTTP token or a value with a
/// control character is dropped, never sent.
enum EnvelopedAnswer {
    static func response(forResult bytes: [UInt8]) -> HTTPResponse {
        guard let result = try? JSONValue.parse(bytes), let body = result["body"],
              let headers = (result["headers"] ?? .object(JSONObject())).objectValue else {
            return .json(status: 502, body: ErrorBody.bytes("Bad gateway"))
        }
        var response = HTTPResponse.json(status: 200, body: body.serialized)
        var exposed: [String] = []
        for member in headers.members {
            guard let value = member.value.stringValue, isToken(member.key), isFieldValue(value) else { continue }
            response.headers.add(name: member.key, value: value)
            exposed.append(member.key)
        }
        if !exposed.isEmpty {
            response.headers.add(name: "Access-Control-Expose-Headers", value: exposed.joined(separator: ", "))
        }
        return response
    }

    /// RFC 9110 §5.6.2 token.
    static func isToken(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { byte in
            (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                || Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
        }
    }

    /// Visible ASCII, spaces and tabs only.
    static func isFieldValue(_ value: String) -> Bool {
        value.utf8.allSatisfy { $0 == 0x09 || (0x20...0x7E).contains($0) }
    }
}
