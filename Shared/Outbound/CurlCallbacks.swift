import CCurlShim
import IO

/// The multi handle's C callbacks. libcurl hands back the `userp` we
/// registered (`CURLMOPT_SOCKETDATA` / `CURLMOPT_TIMERDATA`): an unretained
/// pointer to the driver, valid because the driver outlives its multi
/// handle (it cleans the handle up in `deinit`).
///
/// Both run inside libcurl calls (`curl_multi_socket_action`,
/// `curl_multi_add_handle`, …) on the loop thread, so they only record what
/// libcurl wants; they never call back into libcurl.
enum CurlCallbacks {
    /// `CURLMOPT_SOCKETFUNCTION`: libcurl wants `socket` watched for `what`
    /// (`CURL_POLL_IN`, `_OUT`, `_INOUT`) or no longer (`CURL_POLL_REMOVE`).
    static let socket: @convention(c) (
        UnsafeMutableRawPointer?, curl_socket_t, Int32, UnsafeMutableRawPointer?, UnsafeMutableRawPointer?
    ) -> Int32 = { _, socket, what, userp, _ in
        guard let userp else { return 0 }
        let driver = Unmanaged<CurlDriver>.fromOpaque(userp).takeUnretainedValue()
        var events: IOEvents = []
        switch what {
        case CURL_POLL_IN: events = .read
        case CURL_POLL_OUT: events = .write
        case CURL_POLL_INOUT: events = [.read, .write]
        default: break
        }
        driver.watch(socket: socket, events: what == CURL_POLL_REMOVE ? nil : events)
        return 0
    }

    /// `CURLMOPT_TIMERFUNCTION`: call `curl_multi_socket_action` with
    /// `CURL_SOCKET_TIMEOUT` in `timeoutMilliseconds` (0: as soon as
    /// possible, but not from inside this callback), or never (-1).
    static let timer: @convention(c) (UnsafeMutableRawPointer?, Int, UnsafeMutableRawPointer?) -> Int32 = {
        _, timeoutMilliseconds, userp in
        guard let userp else { return 0 }
        let driver = Unmanaged<CurlDriver>.fromOpaque(userp).takeUnretainedValue()
        driver.armTimer(milliseconds: timeoutMilliseconds)
        return 0
    }
}
