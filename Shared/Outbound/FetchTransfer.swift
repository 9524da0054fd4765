import CCurlShim
import Glibc
import HTTP
import IO

/// One `fetch`: an easy handle set up from an `HTTPRequest`, collecting the
/// response head lines and (capped) body through C callbacks whose userdata
/// is this object, unretained: the driver holds it while libcurl runs it.
///
/// Loop-confined.
final class FetchTransfer: CurlTransfer {
    let curl: CurlEasy
    var easy: UnsafeMutableRawPointer { curl.handle }
    /// Strong: the driver holds this transfer until `detach`, which breaks
    /// the cycle; meanwhile the driver cannot vanish under a live transfer.
    let driver: CurlDriver
    let completion: (Result<HTTPFetchResponse, OutboundError>) -> Void
    let startedAt = MonotonicClock.now()
    let maxBody: Int
    let keepBody: Bool
    /// The head lines of the latest response (reset at each status line).
    var headBytes: [UInt8] = []
    var body: [UInt8] = []
    var bodyOverflowed = false
    /// Set by the open-socket callback when it refused an address.
    var addressRefused = false

    init?(_ request: HTTPRequest, driver: CurlDriver,
          completion: @escaping (Result<HTTPFetchResponse, OutboundError>) -> Void) {
        guard let curl = CurlEasy() else { return nil }
        self.curl = curl
        self.driver = driver
        self.completion = completion
        maxBody = request.maxResponseBytes
        keepBody = request.bodyHandling == .collect
        curl.set(CURLOPT_URL, request.url)
        curl.set(CURLOPT_TIMEOUT_MS, request.timeoutMilliseconds)
        if let userAgent = request.userAgent { curl.set(CURLOPT_USERAGENT, userAgent) }
        // A CR or LF in a name or value would smuggle in fields: such a
        // header is dropped.
        let headers = request.headers.filter { !($0 + $1).utf8.contains { $0 == 0x0D || $0 == 0x0A } }
        curl.set(CURLOPT_HTTPHEADER, lines: headers.map { $1.isEmpty ? "\($0):" : "\($0): \($1)" })
        curl.apply(request.tls)
        if keepBody { curl.set(CURLOPT_MAXFILESIZE, maxBody) }
        setMethod(request)
        let me = Unmanaged.passUnretained(self).toOpaque()
        if request.addressPolicy == .publicOnly {
            // No proxy from the environment: the address checked must be
            // the receiver's own.
            curl.set(CURLOPT_PROXY, "")
            curl.check(cg_setopt_opensocket_function(easy, FetchTransfer.onOpenSocket))
            curl.check(cg_setopt_ptr(easy, CURLOPT_OPENSOCKETDATA, me))
        }
        curl.check(cg_setopt_write_function(easy, CURLOPT_WRITEFUNCTION, FetchTransfer.onBody))
        curl.check(cg_setopt_ptr(easy, CURLOPT_WRITEDATA, me))
        curl.check(cg_setopt_write_function(easy, CURLOPT_HEADERFUNCTION, FetchTransfer.onHeader))
        curl.check(cg_setopt_ptr(easy, CURLOPT_HEADERDATA, me))
        guard curl.ok else { return nil }
    }

    private func setMethod(_ request: HTTPRequest) {
        switch request.method {
        case "GET" where request.body.isEmpty:
            break
        case "HEAD":
            curl.set(CURLOPT_NOBODY, 1)
        default:
            // Size first, then COPYPOSTFIELDS copies exactly that many bytes:
            // the bytes a webhook signs are the bytes sent.
            curl.set(CURLOPT_POSTFIELDSIZE, request.body.count)
            var body = request.body
            if body.isEmpty { body = [0] }  // a valid pointer; size 0 copies nothing
            body.withUnsafeMutableBytes { curl.check(cg_setopt_ptr(easy, CURLOPT_COPYPOSTFIELDS, $0.baseAddress)) }
            if request.method != "POST" { curl.set(CURLOPT_CUSTOMREQUEST, request.method) }
        }
    }

    func curlDidFinish(_ code: CURLcode) {
        driver.detach(self)
        let duration = Int64((MonotonicClock.now() - startedAt) / 1_000_000)
        guard code == CURLE_OK else {
            if addressRefused && (code == CURLE_COULDNT_CONNECT || code == CURLE_COULDNT_RESOLVE_HOST) {
                completion(.failure(OutboundError(.refused, AddressPolicy.refusedMessage)))
            } else if bodyOverflowed || code == CURLE_FILESIZE_EXCEEDED {
                completion(.failure(OutboundError(.tooLarge, "response body over \(maxBody) bytes")))
            } else {
                completion(.failure(curl.error(code)))
            }
            return
        }
        var parser = HTTPResponseHeadParser(maxHeadBytes: max(headBytes.count, 16 * 1024) + 2)
        parser.append(headBytes)
        let headers = (try? parser.parse())?.headers ?? HTTPHeaders()
        completion(.success(HTTPFetchResponse(status: curl.responseStatus, headers: headers, body: body,
                                              durationMilliseconds: duration)))
    }

    /// `CURLOPT_WRITEFUNCTION`: a body chunk. Returning less than offered
    /// aborts the transfer (`CURLE_WRITE_ERROR`), which is how the cap works
    /// when no `Content-Length` announced the size.
    static let onBody: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = {
        data, size, count, userp in
        let total = size * count
        guard let userp else { return total }
        let transfer = Unmanaged<FetchTransfer>.fromOpaque(userp).takeUnretainedValue()
        guard transfer.keepBody else { return total }
        guard transfer.body.count + total <= transfer.maxBody else {
            transfer.bodyOverflowed = true
            return 0
        }
        if let data, total > 0 {
            transfer.body.append(contentsOf: UnsafeRawBufferPointer(start: data, count: total))
        }
        return total
    }

    /// `CURLOPT_OPENSOCKETFUNCTION` under `AddressPolicy.publicOnly`: runs
    /// for each address libcurl is about to connect to, after resolving;
    /// a refused one gets no socket at all, so nothing is ever sent to it.
    static let onOpenSocket: @convention(c) (UnsafeMutableRawPointer?, curlsocktype,
                                             UnsafeMutablePointer<curl_sockaddr>?) -> curl_socket_t = {
        clientp, purpose, address in
        guard let clientp, let address else { return CURL_SOCKET_BAD }
        let transfer = Unmanaged<FetchTransfer>.fromOpaque(clientp).takeUnretainedValue()
        let entry = address.pointee
        guard purpose == CURLSOCKTYPE_IPCXN,
              let raw = cg_sockaddr_address(address),
              AddressPolicy.isPublic(raw, length: Int(entry.addrlen)) else {
            transfer.addressRefused = true
            return CURL_SOCKET_BAD
        }
        return socket(entry.family, entry.socktype | Int32(SOCK_CLOEXEC.rawValue), entry.protocol)
    }

    /// `CURLOPT_HEADERFUNCTION`: one complete head line at a time, status
    /// lines of interim (1xx) responses included; each status line starts
    /// the head over, so the final response's head is what remains.
    static let onHeader: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = {
        data, size, count, userp in
        let total = size * count
        guard let userp, let data, total > 0 else { return total }
        let transfer = Unmanaged<FetchTransfer>.fromOpaque(userp).takeUnretainedValue()
        let line = UnsafeRawBufferPointer(start: data, count: total)
        if total >= 5, line.starts(with: "HTTP/".utf8) { transfer.headBytes.removeAll(keepingCapacity: true) }
        // The cap keeps a hostile server from growing the head without bound.
        if transfer.headBytes.count + total <= 64 * 1024 { transfer.headBytes.append(contentsOf: line) }
        return total
    }
}

extension CurlDriver {
    /// Sends `request`; `completion` runs on the loop exactly once, with the
    /// final response or why there is none. Returns at once; the completion
    /// never runs inside this call. Loop thread only.
    public func fetch(_ request: HTTPRequest,
                      completion: @escaping (Result<HTTPFetchResponse, OutboundError>) -> Void) {
        guard let transfer = FetchTransfer(request, driver: self, completion: completion) else {
            let error = OutboundError(.setup, "could not set up the HTTP request")
            loop.schedule(afterMilliseconds: 0) { completion(.failure(error)) }
            return
        }
        guard add(transfer) else {
            let error = OutboundError(.setup, "could not start the HTTP request")
            loop.schedule(afterMilliseconds: 0) { completion(.failure(error)) }
            return
        }
    }
}
