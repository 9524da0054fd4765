import CCurlShim
import IO

/// One libcurl multi handle driven by one `EventLoop` through the multi
/// *socket* API (libcurl's "multi_socket" model, as in its
/// `ephiperfifo.c`/`multi-uv.c` examples):
///
/// - `CURLMOPT_SOCKETFUNCTION` tells us which sockets to watch for what; each
///   becomes an epoll registration on the loop (`CurlSocketWatch`);
/// - `CURLMOPT_TIMERFUNCTION` gives the single deadline libcurl needs next;
///   it becomes one loop timer;
/// - readiness and that timer call `curl_multi_socket_action`, which only
///   does the work that is ready, so thousands of transfers cost nothing
///   while idle and one slow or dead peer never holds up another;
/// - finished transfers come out of `curl_multi_info_read` and their
///   completions run on the loop, after libcurl has returned.
///
/// No call here blocks: host names resolve in libcurl's threaded resolver
/// (Debian's libcurl is built with it; its result wakes libcurl through a
/// socketpair that is watched like any other socket), connects and TLS
/// handshakes are non-blocking.
///
/// Loop-confined: create it, use it and drop it on the loop's thread (or
/// before the loop runs / after it stopped). `@unchecked Sendable` only so
/// it can be handed to the loop in a task.
public final class CurlDriver: @unchecked Sendable {
    public let loop: EventLoop
    let multi: UnsafeMutableRawPointer
    private var watches: [Int32: CurlSocketWatch] = [:]
    private var transfers: [UnsafeMutableRawPointer: any CurlTransfer] = [:]
    private var timer: TimerID?
    private var processing = false

    /// Transfers added and not yet detached (finished connect-only ones
    /// included).
    public var activeTransferCount: Int { transfers.count }

    /// Fails only when libcurl cannot allocate a multi handle.
    /// `curl_global_init` must have run (once per process, before threads).
    public init(loop: EventLoop) throws(OutboundError) {
        guard let multi = curl_multi_init() else { throw OutboundError(.setup, "curl_multi_init failed") }
        self.loop = loop
        self.multi = multi
        let me = Unmanaged.passUnretained(self).toOpaque()
        _ = cg_multi_setopt_socket_function(multi, CurlCallbacks.socket)
        _ = cg_multi_setopt_ptr(multi, CURLMOPT_SOCKETDATA, me)
        _ = cg_multi_setopt_timer_function(multi, CurlCallbacks.timer)
        _ = cg_multi_setopt_ptr(multi, CURLMOPT_TIMERDATA, me)
    }

    deinit {
        shutdown()
        curl_multi_cleanup(multi)
    }

    /// Aborts every transfer without calling its completion, and stops
    /// watching libcurl's sockets. For process shutdown, on the loop thread
    /// or after the loop stopped; open `WebSocketClient`s should be closed
    /// first (theirs then fail on the next send or receive). The driver
    /// stays usable.
    public func shutdown() {
        for (easy, _) in transfers { curl_multi_remove_handle(multi, easy) }
        transfers.removeAll()
        if let timer { loop.cancel(timer) }
        timer = nil
        for watch in watches.values {
            if let registration = watch.registration { loop.deregister(registration) }
        }
        watches.removeAll()
    }

    // MARK: Transfers

    /// Starts `transfer`; libcurl asks for its first timer at once.
    func add(_ transfer: any CurlTransfer) -> Bool {
        guard curl_multi_add_handle(multi, transfer.easy) == CURLM_OK else { return false }
        transfers[transfer.easy] = transfer
        return true
    }

    /// Takes `transfer` out of the multi handle (aborting it if running);
    /// must come before its easy handle is cleaned up. Not from inside a
    /// libcurl callback.
    func detach(_ transfer: any CurlTransfer) {
        guard transfers.removeValue(forKey: transfer.easy) != nil else { return }
        curl_multi_remove_handle(multi, transfer.easy)
    }

    /// Stops watching `fd` for libcurl: a finished CONNECT_ONLY transfer's
    /// socket now belongs to its owner. libcurl normally said
    /// `CURL_POLL_REMOVE` already; this makes sure.
    func forgetSocket(_ fd: Int32) {
        watch(socket: fd, events: nil)
    }

    // MARK: Called by the C callbacks (inside libcurl)

    func watch(socket fd: Int32, events: IOEvents?) {
        guard let events else {
            if let watch = watches.removeValue(forKey: fd), let registration = watch.registration {
                loop.deregister(registration)
            }
            return
        }
        if let watch = watches[fd] {
            guard watch.interest != events, let registration = watch.registration else { return }
            loop.reregister(registration, events: events)
            watch.interest = events
            return
        }
        let watch = CurlSocketWatch(driver: self, fd: fd, interest: events)
        // ADD fails only for a descriptor epoll cannot watch; libcurl then
        // times the transfer out.
        watch.registration = try? loop.register(fd: fd, events: events, handler: watch)
        watches[fd] = watch
    }

    func armTimer(milliseconds: Int) {
        if let timer { loop.cancel(timer) }
        timer = nil
        guard milliseconds >= 0 else { return }
        timer = loop.schedule(afterMilliseconds: milliseconds) { [unowned self] in
            timer = nil
            socketAction(CURL_SOCKET_TIMEOUT, 0)
        }
    }

    // MARK: Driving

    /// Lets libcurl act on `fd` (or on its timeouts), then hands out what
    /// finished.
    func socketAction(_ fd: Int32, _ mask: Int32) {
        var running: Int32 = 0
        curl_multi_socket_action(multi, fd, mask, &running)
        deliverFinished()
    }

    /// Completions may add transfers (a retry) or detach others; they run
    /// one by one, and a nested call from one of them just returns, the
    /// outer loop picks its messages up.
    private func deliverFinished() {
        guard !processing else { return }
        processing = true
        defer { processing = false }
        var queued: Int32 = 0
        while let message = curl_multi_info_read(multi, &queued) {
            guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle else { continue }
            let code = message.pointee.data.result
            transfers[easy]?.curlDidFinish(code)
        }
    }
}
