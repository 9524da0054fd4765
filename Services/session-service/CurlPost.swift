import CCurlShim

/// One HTTP POST as a libcurl easy handle, set up for webhook delivery.
/// Owns the handle, its header list and its error buffer; `deinit` frees
/// all three, after the multi handle has let go of it (`CurlMulti.remove`).
///
/// Confined to the delivery thread (not `Sendable`).
final class CurlPost {
    struct Options {
        var url: String
        var body: String
        var headers: [String]
        var userAgent: String
        var timeoutMilliseconds: Int
    }

    let handle: UnsafeMutableRawPointer
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private let errorBuffer: UnsafeMutablePointer<CChar>

    /// nil when libcurl refuses the handle or an option (out of memory, or
    /// a libcurl built without http/https).
    init?(_ options: Options) {
        guard let handle = curl_easy_init() else { return nil }
        self.handle = handle
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
        for header in options.headers {
            guard let list = curl_slist_append(headerList, header) else { return nil }
            headerList = list
        }
        var ok = true
        func check(_ code: CURLcode) { ok = ok && code == CURLE_OK }
        check(cg_setopt_str(handle, CURLOPT_URL, options.url))
        // Only http and https, also for redirects — and none are followed:
        // a receiver's 3xx is its answer, not an instruction to POST elsewhere.
        check(cg_setopt_str(handle, CURLOPT_PROTOCOLS_STR, "http,https"))
        check(cg_setopt_str(handle, CURLOPT_REDIR_PROTOCOLS_STR, "http,https"))
        check(cg_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 0))
        // Total deadline for the attempt, connection included.
        check(cg_setopt_long(handle, CURLOPT_TIMEOUT_MS, options.timeoutMilliseconds))
        // No SIGALRM-based DNS timeouts: signals and threads do not mix.
        check(cg_setopt_long(handle, CURLOPT_NOSIGNAL, 1))
        check(cg_setopt_str(handle, CURLOPT_USERAGENT, options.userAgent))
        check(cg_setopt_slist(handle, CURLOPT_HTTPHEADER, headerList))
        check(cg_setopt_ptr(handle, CURLOPT_ERRORBUFFER, errorBuffer))
        check(cg_discard_response_body(handle))
        // Size first, then COPYPOSTFIELDS copies exactly that many bytes:
        // the signed bytes are the sent bytes.
        check(cg_setopt_long(handle, CURLOPT_POSTFIELDSIZE, options.body.utf8.count))
        options.body.withCString { check(cg_setopt_str(handle, CURLOPT_COPYPOSTFIELDS, $0)) }
        guard ok else { return nil }
    }

    deinit {
        curl_easy_cleanup(handle)
        curl_slist_free_all(headerList)
        errorBuffer.deallocate()
    }

    /// The HTTP status of the last response (0 if none was received).
    var responseStatus: Int {
        var status = 0
        _ = cg_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return status
    }

    /// libcurl's detailed message for a failed transfer ("Failed to connect
    /// to 127.0.0.1 port 9 after 0 ms: Couldn't connect to server"), or its
    /// generic one for `code` when the buffer is empty.
    func errorMessage(_ code: CURLcode) -> String {
        let detail = String(cString: errorBuffer)
        return detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
    }
}
