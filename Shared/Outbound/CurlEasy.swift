import CCurlShim

/// An easy handle with the settings every outbound transfer shares, its
/// error buffer, and the libcurl lists and shares it must outlive. Frees
/// them all in `deinit`, which must come after the handle left the multi
/// (`CurlDriver.detach`).
final class CurlEasy {
    let handle: UnsafeMutableRawPointer
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private var lists: [UnsafeMutablePointer<curl_slist>] = []
    private var share: UnsafeMutableRawPointer?
    private(set) var ok = true

    init?() {
        guard let handle = curl_easy_init() else { return nil }
        self.handle = handle
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
        check(cg_setopt_ptr(handle, CURLOPT_ERRORBUFFER, errorBuffer))
        // No SIGALRM-based DNS timeouts: signals and threads do not mix.
        check(cg_setopt_long(handle, CURLOPT_NOSIGNAL, 1))
        // Only http and https, also for redirects (none are followed anyway).
        check(cg_setopt_str(handle, CURLOPT_PROTOCOLS_STR, "http,https"))
        check(cg_setopt_str(handle, CURLOPT_REDIR_PROTOCOLS_STR, "http,https"))
        check(cg_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 0))
    }

    deinit {
        curl_easy_cleanup(handle)
        for list in lists { curl_slist_free_all(list) }
        if let share { curl_share_cleanup(share) }
        errorBuffer.deallocate()
    }

    /// Records a failed `curl_easy_setopt`; `ok` says whether all succeeded.
    func check(_ code: CURLcode) { ok = ok && code == CURLE_OK }

    func set(_ option: CURLoption, _ value: Int) { check(cg_setopt_long(handle, option, value)) }
    func set(_ option: CURLoption, _ value: String) { check(cg_setopt_str(handle, option, value)) }

    /// `CURLOPT_HTTPHEADER` and the like: the list lives as long as the handle.
    func set(_ option: CURLoption, lines: [String]) {
        var list: UnsafeMutablePointer<curl_slist>?
        for line in lines {
            guard let appended = curl_slist_append(list, line) else {
                ok = false
                return
            }
            list = appended
        }
        if let list { lists.append(list) }
        check(cg_setopt_slist(handle, option, list))
    }

    func apply(_ tls: TLSOptions) {
        if !tls.verifyPeer {
            set(CURLOPT_SSL_VERIFYPEER, 0)
            set(CURLOPT_SSL_VERIFYHOST, 0)
        }
        if let caFile = tls.caFile { set(CURLOPT_CAINFO, caFile) }
    }

    /// Gives the handle a connection cache of its own (a share with
    /// `CURL_LOCK_DATA_CONNECT`). For `CONNECT_ONLY` transfers: once
    /// connected, libcurl parks the connection in the cache as "idle", and
    /// in the multi's shared cache another transfer's connect may prune it
    /// (`CURLOPT_MAXAGE_CONN`, or "input pending means dead") or evict it.
    func useOwnConnectionCache() {
        guard let created = curl_share_init() else {
            ok = false
            return
        }
        share = created
        ok = ok && cg_share_connections(created) == CURLSHE_OK
        check(cg_setopt_share(handle, created))
    }

    /// libcurl's detailed message for a failed transfer, or its generic
    /// one for `code` when the buffer is empty.
    func errorMessage(_ code: CURLcode) -> String {
        let detail = String(cString: errorBuffer)
        return detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
    }

    func error(_ code: CURLcode) -> OutboundError {
        OutboundError(OutboundError.kind(for: code), errorMessage(code))
    }

    var responseStatus: Int {
        var status = 0
        _ = cg_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return status
    }
}
