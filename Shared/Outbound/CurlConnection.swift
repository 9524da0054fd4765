import CCurlShim

/// A TCP (and for `https`, TLS) connection that libcurl opens inside the
/// multi handle with `CURLOPT_CONNECT_ONLY` = 1 and then leaves to us:
/// resolve, connect and TLS handshake are non-blocking and loop-driven like
/// any transfer; afterwards every byte goes through `curl_easy_send` /
/// `curl_easy_recv` (the only way to reach the TLS layer libcurl owns).
///
/// libcurl 7.88 caveats handled here:
/// - the easy handle must stay in the multi handle while the connection is
///   used: removing a finished `CONNECT_ONLY` handle closes its connection;
/// - the connection gets a connection cache of its own (`CurlEasy
///   .useOwnConnectionCache`), so other transfers' connects cannot prune it
///   as idle-too-long or as "dead" because input is pending;
/// - `CURLOPT_HTTP_VERSION` 1.1 so TLS ALPN offers only `http/1.1`: a
///   server must not pick `h2` for what will be an HTTP/1.1 upgrade.
///
/// Loop-confined.
final class CurlConnection: CurlTransfer {
    enum IOResult: Equatable {
        case bytes(Int)
        /// `CURLE_AGAIN`: wait for readiness.
        case again
        /// The peer closed (recv only).
        case eof
        case failed(String)
    }

    let curl: CurlEasy
    var easy: UnsafeMutableRawPointer { curl.handle }
    /// Strong: the driver holds this transfer until `detach`, which breaks
    /// the cycle; meanwhile the driver cannot vanish under a live transfer.
    let driver: CurlDriver
    /// Runs once: the socket to watch, or why there is none.
    var onConnected: ((Result<Int32, OutboundError>) -> Void)?
    private var attached = true

    init?(url: String, connectTimeoutMilliseconds: Int, tls: TLSOptions, driver: CurlDriver) {
        guard let curl = CurlEasy() else { return nil }
        self.curl = curl
        self.driver = driver
        curl.set(CURLOPT_URL, url)
        curl.set(CURLOPT_CONNECT_ONLY, 1)
        curl.set(CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1)
        curl.set(CURLOPT_CONNECTTIMEOUT_MS, connectTimeoutMilliseconds)
        curl.apply(tls)
        curl.useOwnConnectionCache()
        guard curl.ok else { return nil }
    }

    func curlDidFinish(_ code: CURLcode) {
        let callback = onConnected
        onConnected = nil
        guard code == CURLE_OK else {
            let error = curl.error(code)
            close()
            callback?(.failure(error))
            return
        }
        var socket: curl_socket_t = -1
        guard cg_getinfo_socket(easy, CURLINFO_ACTIVESOCKET, &socket) == CURLE_OK, socket >= 0 else {
            close()
            callback?(.failure(OutboundError(.network, "connected, but libcurl has no active socket")))
            return
        }
        callback?(.success(socket))
    }

    func send(_ bytes: UnsafeRawBufferPointer) -> IOResult {
        var sent = 0
        let code = curl_easy_send(easy, bytes.baseAddress, bytes.count, &sent)
        switch code {
        case CURLE_OK: return .bytes(sent)
        case CURLE_AGAIN: return .again
        default: return .failed(curl.errorMessage(code))
        }
    }

    func receive(into buffer: UnsafeMutableRawBufferPointer) -> IOResult {
        var received = 0
        let code = curl_easy_recv(easy, buffer.baseAddress, buffer.count, &received)
        switch code {
        case CURLE_OK: return received == 0 ? .eof : .bytes(received)
        case CURLE_AGAIN: return .again
        default: return .failed(curl.errorMessage(code))
        }
    }

    /// Leaves the multi handle; libcurl closes the socket when the handle
    /// (and its connection cache) is cleaned up. Deregister the socket from
    /// the loop first. Idempotent.
    func close() {
        onConnected = nil
        guard attached else { return }
        attached = false
        driver.detach(self)
    }
}
