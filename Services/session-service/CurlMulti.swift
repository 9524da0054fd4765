import CCurlShim

/// A libcurl multi handle: many transfers driven from one thread with
/// `perform` + `poll`, which is what lets one thread keep several slow
/// receivers in flight at once.
///
/// Thread rule: everything runs on the delivery thread except `wakeup`,
/// which libcurl documents as callable from any thread (it writes to the
/// multi's internal socketpair). `@unchecked Sendable` only so `wakeup` can
/// be reached from the database thread.
final class CurlMulti: @unchecked Sendable {
    private let handle: UnsafeMutableRawPointer

    init?() {
        guard let handle = curl_multi_init() else { return nil }
        self.handle = handle
    }

    deinit { curl_multi_cleanup(handle) }

    func add(_ post: CurlPost) -> Bool {
        curl_multi_add_handle(handle, post.handle) == CURLM_OK
    }

    /// Must come before the easy handle is cleaned up.
    func remove(_ post: CurlPost) {
        curl_multi_remove_handle(handle, post.handle)
    }

    /// Moves every transfer forward as far as it can go without blocking.
    func perform() {
        var running: Int32 = 0
        curl_multi_perform(handle, &running)
    }

    /// Blocks until a transfer's socket is ready, libcurl's own timer fires,
    /// `timeoutMilliseconds` pass, or another thread calls `wakeup`.
    func poll(timeoutMilliseconds: Int32) {
        curl_multi_poll(handle, nil, 0, timeoutMilliseconds, nil)
    }

    /// Interrupts a `poll` in progress (or the next one). Any thread.
    func wakeup() {
        curl_multi_wakeup(handle)
    }

    /// The next finished transfer: its easy handle and result code.
    func nextFinished() -> (handle: UnsafeMutableRawPointer, result: CURLcode)? {
        var queued: Int32 = 0
        while let message = curl_multi_info_read(handle, &queued) {
            if message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle {
                return (easy, message.pointee.data.result)
            }
        }
        return nil
    }
}
