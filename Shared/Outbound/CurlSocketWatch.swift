import CCurlShim
import IO

/// One socket libcurl asked us to watch (`CURLMOPT_SOCKETFUNCTION`): its
/// epoll registration on the driver's loop. Readiness goes straight back to
/// libcurl through `curl_multi_socket_action`.
///
/// Loop-confined.
final class CurlSocketWatch: IOHandler {
    unowned let driver: CurlDriver
    let fd: Int32
    var registration: Registration?
    var interest: IOEvents

    init(driver: CurlDriver, fd: Int32, interest: IOEvents) {
        self.driver = driver
        self.fd = fd
        self.interest = interest
    }

    func handleIO(_ events: IOEvents) {
        var mask: Int32 = 0
        if events.contains(.read) || events.contains(.hangup) { mask |= CURL_CSELECT_IN }
        if events.contains(.write) { mask |= CURL_CSELECT_OUT }
        if events.contains(.error) { mask |= CURL_CSELECT_ERR }
        driver.socketAction(fd, mask)
    }
}
