import HTTP
import JSON
import Runtime

/// A file download described by a service result
/// `{"contentType", "filename", "body"}` (`Method.votesExportSession`):
/// 200 with that content type, `Content-Disposition: attachment`, and the
/// body text itself as the HTTP body — not JSON-encoded, so the browser
/// saves exactly the file the service wrote.
enum ExportDownload {
    static func response(forResult bytes: [UInt8]) -> HTTPResponse {
        guard let result = try? JSONValue.parse(bytes),
              let contentType = result["contentType"]?.stringValue, !contentType.isEmpty,
              let filename = result["filename"]?.stringValue,
              let body = result["body"]?.stringValue else {
            return .json(status: 502, body: ErrorBody.bytes("Bad gateway"))
        }
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: contentType)
        headers.add(name: "Content-Disposition", value: "attachment; filename=\"\(quotable(filename))\"")
        return HTTPResponse(status: 200, headers: headers, body: Array(body.utf8))
    }

    /// The filename as the content of a quoted-string (RFC 9110 §5.6.4;
    /// RFC 6266 §4.1): quotes, backslashes and control characters dropped,
    /// which a service-chosen name like `session-5.json` never has.
    static func quotable(_ filename: String) -> String {
        String(String.UnicodeScalarView(filename.unicodeScalars.filter {
            $0 != "\"" && $0 != "\\" && $0.value >= 0x20 && $0.value != 0x7F
        }))
    }
}
